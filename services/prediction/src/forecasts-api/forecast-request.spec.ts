import { status } from '@grpc/grpc-js';
import { api } from '@salescast/contracts';
import { GrpcError } from '@salescast/platform/grpc/errors';
import {
  decodePageToken,
  encodePageToken,
  parseBatchRequest,
  parseForecastRequest,
  parseListRequest,
} from './forecast-request';

const LEVELS = [50, 80, 90, 95, 99];

const expectInvalid = (fn: () => unknown, field: string, message?: RegExp) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GrpcError);
    expect((e as GrpcError).code).toBe(status.INVALID_ARGUMENT);
    expect((e as GrpcError).field).toBe(field);
    if (message) expect((e as GrpcError).message).toMatch(message);
    return;
  }
  throw new Error('expected INVALID_ARGUMENT');
};

describe('parseForecastRequest', () => {
  it('defaults levels to 80 and 95, granularity to daily, and trims the sku', () => {
    expect(parseForecastRequest({ sku: ' A ', horizonDays: 14, levels: [] }, 366, LEVELS)).toEqual({
      sku: 'A',
      horizon: 14,
      levels: [80, 95],
      granularity: 'daily',
    });
  });
  it('reads weekly and monthly', () => {
    const q = (g: api.Granularity) =>
      parseForecastRequest({ sku: 'A', horizonDays: 3, levels: [], granularity: g }, 366, LEVELS);
    expect(q(api.Granularity.GRANULARITY_WEEKLY).granularity).toBe('weekly');
    expect(q(api.Granularity.GRANULARITY_MONTHLY).granularity).toBe('monthly');
  });
  it('names sku when it is missing', () =>
    expectInvalid(() => parseForecastRequest({ sku: '', horizonDays: 3, levels: [] }, 366, LEVELS), 'sku'));
  it.each([0, -1, 367, 2.5])('names horizon_days and the limit for %p', (h) =>
    expectInvalid(
      () => parseForecastRequest({ sku: 'A', horizonDays: h, levels: [] }, 366, LEVELS),
      'horizon_days',
      /between 1 and 366 \(MAX_HORIZON_DAYS\)/,
    ),
  );
  it('names a level the snapshots do not carry, by index, with the ones they do', () =>
    expectInvalid(
      () => parseForecastRequest({ sku: 'A', horizonDays: 3, levels: [80, 85] }, 366, LEVELS),
      'levels[1]',
      /one of 50, 80, 90, 95, 99/,
    ));
  it('names an unknown granularity', () =>
    expectInvalid(
      () =>
        parseForecastRequest(
          { sku: 'A', horizonDays: 3, levels: [], granularity: 9 as api.Granularity },
          366,
          LEVELS,
        ),
      'granularity',
    ));
});

describe('parseBatchRequest', () => {
  const base = { horizonDays: 7, levels: [], granularity: 0 };
  it('drops duplicates, keeps order', () =>
    expect(parseBatchRequest({ ...base, skus: ['B', 'A', 'B'] }, 366, LEVELS).skus).toEqual(['B', 'A']));
  it('needs 1..1000 SKUs and names an empty one', () => {
    expectInvalid(() => parseBatchRequest({ ...base, skus: [] }, 366, LEVELS), 'skus');
    expectInvalid(
      () => parseBatchRequest({ ...base, skus: Array(1001).fill('A') }, 366, LEVELS),
      'skus',
      /1000/,
    );
    expectInvalid(() => parseBatchRequest({ ...base, skus: ['A', ' '] }, 366, LEVELS), 'skus[1]');
  });
});

describe('parseListRequest', () => {
  const base = { category: '', horizonDays: 7, levels: [], granularity: 0, pageSize: 0, pageToken: '' };
  it('defaults the page size and resumes after the token’s SKU', () => {
    const q = parseListRequest({ ...base, pageToken: encodePageToken('SKU-9') }, 366, LEVELS);
    expect(q.pageSize).toBe(100);
    expect(q.after).toBe('SKU-9');
    expect(q.category).toBeUndefined();
  });
  it('refuses a token it did not make and a page size above 1000', () => {
    expectInvalid(() => parseListRequest({ ...base, pageToken: 'bm9wZQ' }, 366, LEVELS), 'page_token');
    expectInvalid(() => parseListRequest({ ...base, pageSize: 1001 }, 366, LEVELS), 'page_size');
  });
  it('round-trips page tokens', () => expect(decodePageToken(encodePageToken('a/b c'))).toBe('a/b c'));
});
