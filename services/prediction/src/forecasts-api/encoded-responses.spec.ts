import { api } from '@salescast/contracts';
import { EncodedForecasts } from './encoded-responses';

const forecast = (sku: string, days = 3): api.GetForecastResponse => ({
  sku,
  modelVersionId: `mv-${sku}`,
  modelName: 'ensemble',
  originDate: '2025-06-30',
  points: Array.from({ length: days }, (_, i) => ({
    date: `2025-07-0${i + 1}`,
    endDate: `2025-07-0${i + 1}`,
    days: 1,
    mean: 10.5 + i,
    intervals: [
      { level: 80, lower: 8 + i, upper: 13 + i },
      { level: 95, lower: 6.25, upper: 15.75 },
    ],
  })),
  snapshotId: `snap-${sku}`,
  publishedAt: new Date('2025-07-01T00:00:00Z'),
  category: 'garden',
  granularity: api.Granularity.GRANULARITY_DAILY,
});

describe('EncodedForecasts', () => {
  it('serialises GetForecast, BatchGetForecasts and ListForecasts exactly as the generated codec decodes them', () => {
    const cache = new EncodedForecasts();
    const a = cache.get('a', () => forecast('A'));
    const b = forecast('B'); // not from the cache: encoded on the fly
    expect(api.GetForecastResponse.decode(cache.encodeGet(a))).toEqual(a);

    const batch: api.BatchGetForecastsResponse = { forecasts: [a, b], notFound: ['X', 'ÿ-ünïcode'] };
    const batchBytes = cache.encodeBatch(batch);
    expect(api.BatchGetForecastsResponse.decode(batchBytes)).toEqual(batch);
    expect(
      Buffer.compare(batchBytes, Buffer.from(api.BatchGetForecastsResponse.encode(batch).finish())),
    ).toBe(0);

    for (const page of [
      { forecasts: [a, b], nextPageToken: 'tok' },
      { forecasts: [], nextPageToken: '' },
    ]) {
      const bytes = cache.encodeList(page);
      expect(api.ListForecastsResponse.decode(bytes)).toEqual(page);
      expect(Buffer.compare(bytes, Buffer.from(api.ListForecastsResponse.encode(page).finish()))).toBe(0);
    }
  });

  it('builds a view once, then serves the same object; evicts the least recently used beyond its capacity', () => {
    const cache = new EncodedForecasts(2);
    let built = 0;
    const make = (sku: string) => () => {
      built++;
      return forecast(sku);
    };
    const a = cache.get('a', make('A'));
    expect(cache.get('a', make('A'))).toBe(a);
    expect(built).toBe(1);
    cache.get('b', make('B'));
    cache.get('a', make('A')); // a is now the most recent
    cache.get('c', make('C')); // evicts b
    expect(cache.size).toBe(2);
    expect(built).toBe(3);
    expect(cache.get('a', make('A'))).toBe(a);
    cache.get('b', make('B'));
    expect(built).toBe(4);
  });
});
