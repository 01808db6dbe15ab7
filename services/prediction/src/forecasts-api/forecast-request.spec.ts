import { status } from '@grpc/grpc-js';
import { GrpcError } from '@salescast/platform/grpc/errors';
import { parseForecastRequest } from './forecast-request';

const expectInvalid = (fn: () => unknown, field: string) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GrpcError);
    expect((e as GrpcError).code).toBe(status.INVALID_ARGUMENT);
    expect((e as GrpcError).field).toBe(field);
    return;
  }
  throw new Error('expected INVALID_ARGUMENT');
};

describe('parseForecastRequest', () => {
  it('defaults levels to 80 and 95 and trims the sku', () => {
    expect(parseForecastRequest({ sku: ' A ', horizonDays: 14, levels: [] }, 366)).toEqual({
      sku: 'A',
      horizon: 14,
      levels: [80, 95],
    });
  });
  it('names sku when it is missing', () =>
    expectInvalid(() => parseForecastRequest({ sku: '', horizonDays: 3, levels: [] }, 366), 'sku'));
  it.each([0, -1, 367, 2.5])('names horizon_days for %p', (h) =>
    expectInvalid(() => parseForecastRequest({ sku: 'A', horizonDays: h, levels: [] }, 366), 'horizon_days'),
  );
  it('names the bad level by index', () =>
    expectInvalid(
      () => parseForecastRequest({ sku: 'A', horizonDays: 3, levels: [80, 100] }, 366),
      'levels[1]',
    ));
});
