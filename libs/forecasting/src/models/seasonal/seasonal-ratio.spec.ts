import { periodsBetween } from '../../core/calendar';
import { Series } from '../../core/types';
import { fitSeasonalRatio, seasonalRatioModel } from './seasonal-ratio';

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
