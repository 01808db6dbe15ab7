import pino from 'pino';
import { lifecycleLogger } from './logger';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

describe('lifecycleLogger', () => {
  it('logs start-up lines at info even when the service logs only warnings', () => {
    const { logger, lines } = capture('warn');
    logger.info('dropped');
    lifecycleLogger(logger).info({ httpPort: 1 }, 'svc ready');
    expect(lines.map((l) => l.msg)).toEqual(['svc ready']);
    expect(lines[0]).toMatchObject({ level: 30, httpPort: 1 });
    logger.info('still dropped');
    expect(lines).toHaveLength(1);
  });

  it('is the logger itself where info is on, and stays silent where the logger is', () => {
    const info = capture('debug');
    expect(lifecycleLogger(info.logger)).toBe(info.logger);
    const silent = capture('silent');
    lifecycleLogger(silent.logger).info('svc ready');
    expect(silent.lines).toHaveLength(0);
  });
});
