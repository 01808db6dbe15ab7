import { logLevel } from 'kafkajs';
import { kafkaLogLevel } from './kafkajs-log';

describe('kafkaLogLevel', () => {
  it('logs the protocol errors kafkajs retries by itself as warnings', () => {
    const loading = {
      message: 'Response InitProducerId(key: 22, version: 1)',
      error: "The coordinator is loading and hence can't process requests for this group",
    };
    expect(kafkaLogLevel(logLevel.ERROR, loading)).toBe('warn');
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: 'Response Metadata(key: 3, version: 6)',
        error: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
      }),
    ).toBe('warn');
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: 'Response ListOffsets(key: 2, version: 3)',
        error: 'This server is not the leader for that topic-partition',
      }),
    ).toBe('warn');
  });

  it('keeps every other error an error, and maps the other levels', () => {
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: 'Response Produce(key: 0, version: 7)',
        error: 'Message was too large',
      }),
    ).toBe('error');
    expect(
      kafkaLogLevel(logLevel.ERROR, {
        message: 'Crash: KafkaJSNumberOfRetriesExceeded',
        error: 'The coordinator is loading',
      }),
    ).toBe('error');
    expect(kafkaLogLevel(logLevel.NOTHING, { message: 'x' })).toBe('error');
    expect(kafkaLogLevel(logLevel.WARN, { message: 'x' })).toBe('warn');
    expect(kafkaLogLevel(logLevel.INFO, { message: 'x' })).toBe('debug');
  });
});
