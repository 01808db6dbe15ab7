import fc from 'fast-check';
import { Series } from '../../core/types';
import { FeatureBuilder, featureLayout } from './features';

const sameValues = (a: number[], b: number[]) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]) || v === b[i]);

describe('feature rows', () => {
  it('use only history at or before t − minLag (no leakage), whatever comes after', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 60, maxLength: 160 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom<Series['freq']>('daily', 'weekly', 'monthly'),
        (y, minLag, pick, freq) => {
          const n = y.length;
          const t = minLag + (pick % (n - minLag)); // a row whose cut-off t − minLag is inside the history
          const end = t - minLag;
          const future = y.map((v, i) => (i > end ? v * 3 + 17 : v));
          const price = y.map((_, i) => 10 + (i % 5));
          const returns = y.map((v) => v / 10);
          const make = (values: number[], ret: number[]): Series => ({
            id: 's',
            freq,
            start: '2020-01-06',
            y: values,
            exog: { price, returns: ret },
          });
          const context = {
            seasonPeriod: freq === 'daily' ? 7 : freq === 'weekly' ? 52 : 12,
            disruptions: [{ kind: 'shutdown' as const, window: { start: 10, end: 20 } }],
            futureExog: { price: [11, 12] },
          };
          const layout = featureLayout(freq, context.seasonPeriod, minLag);
          const a = new FeatureBuilder(make(y, returns), context, layout);
          const b = new FeatureBuilder(
            make(
              future,
              returns.map((v, i) => (i > end ? v + 99 : v)),
            ),
            context,
            layout,
          );
          return sameValues(a.row(t), b.row(t)) && a.scale(t) === b.scale(t);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('read a shutdown as missing, never as zero sales, and say how much of the lookback it masks', () => {
    const y = Array.from({ length: 120 }, (_, i) => (i >= 60 && i < 90 ? 0 : 100 + (i % 7)));
    const series: Series = { id: 's', freq: 'daily', start: '2024-01-01', y };
    const context = {
      seasonPeriod: 7,
      disruptions: [{ kind: 'shutdown' as const, window: { start: 60, end: 90 } }],
    };
    const builder = new FeatureBuilder(series, context, featureLayout('daily', 7, 1));
    const names = builder.names;
    const row = builder.row(95); // cut-off 94: five days after reopening
    expect(row[names.indexOf('lag_7')]).toBeNaN(); // day 88 was inside the shutdown
    expect(row[names.indexOf('lag_1')]).toBeCloseTo(y[94] / builder.scale(95), 12);
    expect(row[names.indexOf('mean_28')]).toBeGreaterThan(0.9); // the zeros are not averaged in
    expect(row[names.indexOf('masked_share')]).toBeGreaterThan(0.2);
    expect(row[names.indexOf('steps_since_reopening')]).toBe(5);
    expect(builder.scale(95)).toBeGreaterThan(95);
    expect(builder.isTarget(70)).toBe(false);
    expect(builder.isTarget(95)).toBe(true);
  });

  it('mark promotions, Christmas and Black Friday proximity for daily data', () => {
    const y = Array.from({ length: 400 }, () => 10);
    const series: Series = { id: 's', freq: 'daily', start: '2024-01-01', y };
    const builder = new FeatureBuilder(
      series,
      { seasonPeriod: 7, promotions: [{ start: 420, end: 425 }] },
      featureLayout('daily', 7, 30),
    );
    const col = (name: string, t: number) => builder.row(t)[builder.names.indexOf(name)];
    // 2024-01-01 + 329 days = 2024-11-25; Black Friday 2024 was 29 November, Christmas 30 days later.
    expect(col('days_to_black_friday', 329)).toBe(4);
    expect(col('days_to_christmas', 329)).toBe(30);
    expect(col('day_of_week', 329)).toBe(1); // a Monday
    expect(col('promotion', 421)).toBe(1);
    expect(col('promotion', 419)).toBe(0);
  });

  it('use future exogenous values for regressors known ahead, lagged means for the others', () => {
    const y = Array.from({ length: 50 }, (_, i) => 20 + i);
    const series: Series = {
      id: 's',
      freq: 'daily',
      start: '2024-01-01',
      y,
      exog: { price: y.map(() => 10), returns: y.map(() => 2) },
    };
    const builder = new FeatureBuilder(
      series,
      { seasonPeriod: 7, futureExog: { price: [8, 9] } },
      featureLayout('daily', 7, 3),
    );
    const col = (name: string, t: number) => builder.row(t)[builder.names.indexOf(name)];
    expect(col('price', 50)).toBe(8);
    expect(col('price_relative', 51)).toBeCloseTo(0.9, 12);
    expect(col('price', 52)).toBe(9); // the last announced price carries forward
    expect(builder.names).toContain('returns_recent_mean');
    expect(builder.names).not.toContain('returns');
  });
});
