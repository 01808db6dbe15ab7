import { periodsBetween } from '../../core/calendar';
import { countDispersion, seededRandom } from '../../core/stats';
import { Series } from '../../core/types';
import {
  BASE_DAYS,
  BASE_UNITS,
  fitSeasonalRatio,
  MAX_BASE_DAYS,
  seasonalRatioModel,
} from './seasonal-ratio';

const START = '2020-01-01';
/** Season: June 1, July 1.5, August 2 (else 1); Sundays half, Saturdays closed. */
function expected(t: number, level: number): number {
  const date = new Date(Date.UTC(2020, 0, 1 + t));
  const month = date.getUTCMonth();
  const season = month === 6 ? 1.5 : month === 7 ? 2 : 1;
  const weekday = date.getUTCDay() === 6 ? 0 : date.getUTCDay() === 0 ? 0.5 : 1.1;
  return level * season * weekday;
}
const asOf = periodsBetween(START, '2024-06-30', 'daily') + 1; // series length up to 2024-06-30
const daily = (level: number, from = 0) =>
  Array.from({ length: asOf - from }, (_, i) => expected(from + i, level));
const monthMean = (f: number[], from: number, to: number) =>
  f.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);

describe('seasonal_ratio', () => {
  it('carries the yearly season into every month of the horizon (July × 1.5, August × 2)', () => {
    const series: Series = { id: 's', freq: 'daily', start: START, y: daily(10) };
    const f = seasonalRatioModel.fit(series, { seasonPeriod: 7, maxHorizon: 62 }).predict(62).mean;
    const truth = Array.from({ length: 62 }, (_, k) => expected(asOf + k, 10));
    // monthly totals within 5 % (the ±14-day windows smooth the edges between months)
    expect(monthMean(f, 0, 31) / monthMean(truth, 0, 31)).toBeCloseTo(1, 1);
    expect(monthMean(f, 31, 62) / monthMean(truth, 31, 62)).toBeCloseTo(1, 1);
    expect(monthMean(f, 31, 62) / monthMean(f, 0, 31)).toBeGreaterThan(1.2);
    // the weekday profile: twelve Saturdays without a sale keep Saturday near 0 (2024-07-06: step 6)
    expect(f[5]).toBeLessThan(0.1 * monthMean(f, 0, 31));
  });

  it('leaves a shutdown year out of the season', () => {
    const y = daily(10);
    const july2023 = periodsBetween(START, '2023-07-01', 'daily');
    for (let t = july2023; t < july2023 + 31; t++) y[t] = 0;
    const series: Series = { id: 's', freq: 'daily', start: START, y };
    const disruptions = [{ kind: 'shutdown' as const, window: { start: july2023, end: july2023 + 31 } }];
    const p = fitSeasonalRatio(y, START, { seasonPeriod: 7, maxHorizon: 31, disruptions });
    expect(p.ratios[15]).toBeCloseTo(1.5, 1);
    expect(
      seasonalRatioModel.fit(series, { seasonPeriod: 7, disruptions }).predict(1).mean[0],
    ).toBeGreaterThan(0);
  });

  it("gives a new SKU its group's season, and its own level", () => {
    const group = { start: START, y: daily(1000) };
    const from = asOf - 60; // launched two months ago
    const y = daily(3, from);
    const p = fitSeasonalRatio(y, '2024-05-02', { seasonPeriod: 7, maxHorizon: 62, group });
    expect(p.years).toEqual({ own: 0, group: 4 });
    expect(p.ratios[45]).toBeCloseTo(2, 1); // mid-August
    const f = seasonalRatioModel
      .fit({ id: 'new', freq: 'daily', start: '2024-05-02', y }, { seasonPeriod: 7, maxHorizon: 62, group })
      .predict(62).mean;
    const truth = Array.from({ length: 62 }, (_, k) => expected(asOf + k, 3));
    expect(monthMean(f, 31, 62) / monthMean(truth, 31, 62)).toBeCloseTo(1, 1);
  });

  it("shrinks a sparse SKU's weekday profile toward its group's", () => {
    const group = { start: START, y: daily(1000) };
    // four units in twelve weeks, all on Mondays: not evidence of a Monday-only SKU
    const y = new Array<number>(asOf).fill(0);
    for (const t of [asOf - 7, asOf - 35, asOf - 56, asOf - 77]) y[t] = 1;
    const p = fitSeasonalRatio(y, START, { seasonPeriod: 7, group });
    expect(p.weekday[2]).toBeGreaterThan(0.5); // Tuesday still sells
    expect(p.weekday[6]).toBeCloseTo(0, 6); // Saturday: the group is closed
  });

  it('refuses other frequencies and too little recent demand', () => {
    expect(() =>
      seasonalRatioModel.fit(
        { id: 'm', freq: 'monthly', start: START, y: [1, 2, 3, 4, 5, 6, 7, 8] },
        { seasonPeriod: 12 },
      ),
    ).toThrow(/daily series only/);
    const gap = [...daily(10).slice(0, 400), ...new Array<number>(30).fill(NaN)];
    expect(() =>
      seasonalRatioModel.fit({ id: 'g', freq: 'daily', start: START, y: gap }, { seasonPeriod: 7 }),
    ).toThrow(/of the last 28 days/);
  });
});

describe('seasonal_ratio: the base window of the level', () => {
  /** A Poisson draw (Knuth), enough for small means. */
  const poisson = (uniform: () => number, mean: number) => {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = uniform(); p > limit; p *= uniform()) k++;
    return k;
  };
  /** 200 days of `orders(t)` Poisson orders a day of `size` units each. */
  const sku = (seed: number, size: number, orders: (t: number) => number) => {
    const uniform = seededRandom(seed);
    return Array.from({ length: 200 }, (_, t) => size * poisson(uniform, orders(t)));
  };
  const fit = (y: number[]) => fitSeasonalRatio(y, '2024-01-01', { seasonPeriod: 7, maxHorizon: 28 });
  const lastMean = (y: number[], days: number) => y.slice(-days).reduce((a, b) => a + b, 0) / days;

  it('measures a SKU bought by the dozen on thirteen weeks, and its level is nearer the truth', () => {
    // 30 units a day in orders of 12: four weeks hold about 70 Poisson units, a level to about 12 %
    let errorLong = 0;
    let errorFour = 0;
    let long = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const y = sku(seed, 12, () => 2.5);
      const p = fit(y);
      if (p.baseDays === MAX_BASE_DAYS) long++;
      errorLong += Math.abs(p.level / 30 - 1);
      errorFour += Math.abs(lastMean(y, BASE_DAYS) / 30 - 1);
    }
    // the shift test's 2 sd let about one draw in twenty through as a moved level
    expect(long).toBeGreaterThanOrEqual(180);
    // √(91 / 28) ≈ 1.8 times less noise, less what the weekday profile adds
    expect(errorLong).toBeLessThan(errorFour / 1.4);
  });

  it('keeps four weeks when the level has just doubled, and reads the new level', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const y = sku(seed, 12, (t) => (t >= 200 - BASE_DAYS ? 5 : 2.5));
      const p = fit(y);
      expect(p.baseDays).toBe(BASE_DAYS);
      expect(p.level / 60).toBeGreaterThan(0.75);
    }
  });

  it('keeps four weeks for a SKU sold one by one', () => {
    // 30 single units a day: four weeks hold 840 Poisson units, more than BASE_UNITS
    expect(BASE_UNITS).toBeLessThan(30 * BASE_DAYS);
    for (let seed = 1; seed <= 10; seed++) expect(fit(sku(seed, 1, () => 30)).baseDays).toBe(BASE_DAYS);
  });

  it('measures the noise in Poisson units (countDispersion)', () => {
    const all = () => true;
    expect(countDispersion(sku(1, 1, () => 30), all)).toBeLessThan(1.5);
    expect(countDispersion(sku(1, 12, () => 2.5), all)).toBeGreaterThan(8);
    expect(countDispersion(sku(1, 12, () => 2.5), all)).toBeLessThan(16);
  });
});
