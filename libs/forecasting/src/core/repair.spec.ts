import fc from 'fast-check';
import { missingOrMasked, prepareForModel, repairSeries } from './repair';
import { Series } from './types';

const seasonal = (n: number, level = (t: number) => 100 + t) =>
  Array.from({ length: n }, (_, t) => level(t) * [0.8, 1.0, 1.4, 0.8][t % 4]);

describe('repairSeries', () => {
  it('fills a masked window with the last season scaled between the levels on both sides', () => {
    const y = seasonal(24, () => 100);
    const damaged = y.map((v, t) => (t >= 10 && t < 14 ? 0 : v));
    const mask = y.map((_, t) => t >= 10 && t < 14);
    const fixed = repairSeries(damaged, mask, 4);
    for (let t = 10; t < 14; t++) expect(fixed[t]).toBeCloseTo(y[t], 9);
    expect(fixed.slice(0, 10)).toEqual(y.slice(0, 10));
  });

  it('follows a level shift across the gap (lower after a reopening)', () => {
    const y = seasonal(24, (t) => (t < 12 ? 100 : 50));
    const mask = y.map((_, t) => t >= 8 && t < 12);
    const fixed = repairSeries(
      y.map((v, t) => (mask[t] ? NaN : v)),
      mask,
      4,
    );
    const levels = [8, 9, 10, 11].map((t) => fixed[t] / [0.8, 1.0, 1.4, 0.8][t % 4]);
    for (let i = 1; i < 4; i++) expect(levels[i]).toBeLessThan(levels[i - 1]);
    expect(levels[0]).toBeLessThan(100);
    expect(levels[3]).toBeGreaterThan(50);
  });

  it('handles gaps at the start and the end, and NaN without a mask', () => {
    const y = seasonal(20, () => 10);
    const holed = y.map((v, t) => (t < 3 || t >= 17 ? NaN : v));
    const fixed = repairSeries(holed, undefined, 4);
    for (const t of [0, 1, 2, 17, 18, 19]) expect(fixed[t]).toBeCloseTo(y[t], 9);
  });

  it('interpolates linearly without seasonality, and never goes below 0 for sales', () => {
    expect(repairSeries([1, NaN, NaN, 4], undefined, 1)).toEqual([1, 2, 3, 4]);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(NaN)), {
          minLength: 2,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 12 }),
        (y, m) => {
          fc.pre(y.some(Number.isFinite));
          const fixed = repairSeries(y, undefined, m);
          return fixed.every(
            (v, i) => Number.isFinite(v) && v >= 0 && (!Number.isFinite(y[i]) || v === y[i]),
          );
        },
      ),
    );
  });

  it('refuses a series with nothing usable', () => {
    expect(() => repairSeries([NaN, NaN], undefined, 1)).toThrow(/no usable observation/);
  });
});

describe('prepareForModel', () => {
  const series: Series = { id: 'a', freq: 'monthly', start: '2020-01-01', y: [5, 6, 0, 0, 7, 8] };
  const context = {
    seasonPeriod: 1,
    disruptions: [{ kind: 'shutdown' as const, window: { start: 2, end: 4 } }],
  };

  it('masks disruption windows as NaN for models that handle missing values', () => {
    expect(prepareForModel(series, context, { handlesMissing: true }).y).toEqual([5, 6, NaN, NaN, 7, 8]);
  });

  it('repairs them for models that do not', () => {
    const y = prepareForModel(series, context, { handlesMissing: false }).y;
    // level moves from 6 (the m = 1 season before) to 7 (the one after) in thirds
    expect(y.slice(2, 4)).toEqual([expect.closeTo(6 + 1 / 3, 9), expect.closeTo(6 + 2 / 3, 9)]);
    expect(y.every(Number.isFinite)).toBe(true);
    expect(missingOrMasked(series, context)).toEqual([false, false, true, true, false, false]);
  });
});
