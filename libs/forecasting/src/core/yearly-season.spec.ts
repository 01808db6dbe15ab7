import { fitEnsemble, FittedEnsemble } from '../ensemble';
import { naiveModel } from '../models/baselines';
import { recoveryModel } from '../models/recovery';
import { defaultRegistry } from '../pipeline/registry';
import { periodsBetween } from './calendar';
import { seededRandom } from './stats';
import { FitContext, Series } from './types';
import {
  estimateYearlyIndex,
  seasonalIndexWeight,
  needsYearlySeason,
  withYearlySeason,
  YEARLY_SEASON_MODEL,
  yearlyFactors,
} from './yearly-season';

/**
 * Daily demand with a known month-of-year season (log factors SEASON, mean 0), a weekly pattern, growth of
 * 20 % a year and Poisson-like noise, from START for `years` years.
 */
const START = '2019-01-01';
const SEASON = [-0.3, -0.25, -0.1, 0.05, 0.2, 0.35, 0.4, 0.3, 0.1, -0.1, -0.25, -0.4];
const MEAN_SEASON = SEASON.reduce((a, v) => a + v, 0) / 12;
const TRUE = SEASON.map((v) => v - MEAN_SEASON);
/** What the members carry of a season this strong against this noise: all of it (seasonalIndexWeight ≈ 1). */
const CARRIED = TRUE;
const WEEKLY = [0.8, 1.1, 1.0, 1.0, 1.05, 1.2, 0.85];

function daily(years: number, level: number, seed: number, season = TRUE): Series {
  const rand = seededRandom(seed);
  const n = periodsBetween(START, `${2019 + years}-01-01`, 'daily');
  const y: number[] = [];
  const d = new Date(`${START}T00:00:00Z`);
  for (let t = 0; t < n; t++) {
    const mean = level * Math.exp(0.2 * (t / 365) + season[d.getUTCMonth()]) * WEEKLY[d.getUTCDay()];
    // noise: mean × (1 ± 20 %), rounded
    y.push(Math.max(0, Math.round(mean * (1 + 0.4 * (rand() - 0.5)))));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return { id: `s${seed}`, freq: 'daily', start: START, y };
}

const ctx: FitContext = { seasonPeriod: 7 };

describe('estimateYearlyIndex', () => {
  it('recovers a month-of-year season from four years of daily demand, growth and weekly pattern left out', () => {
    const logs = estimateYearlyIndex(daily(4, 50, 1), ctx)!;
    expect(logs).toHaveLength(12);
    expect(logs.reduce((a, v) => a + v, 0)).toBeCloseTo(0, 10);
    logs.forEach((v, m) => expect(Math.abs(v - CARRIED[m])).toBeLessThan(0.05));
  });

  it('needs two clean years: one year of history (Online Retail) gives no index', () => {
    expect(estimateYearlyIndex(daily(1, 50, 2), ctx)).toBeUndefined();
  });

  it('carries a faint season less than a strong one (same noise, the James–Stein share)', () => {
    const strong = estimateYearlyIndex(daily(4, 8, 11), ctx)!;
    const faint = estimateYearlyIndex(
      daily(
        4,
        8,
        11,
        TRUE.map((v) => v * 0.3),
      ),
      ctx,
    );
    const share = (logs: number[] | undefined) =>
      (logs ?? new Array(12).fill(0)).reduce((a, v, m) => a + v * TRUE[m], 0) /
      TRUE.reduce((a, v) => a + v * v, 0);
    expect(share(strong)).toBeGreaterThan(0.8);
    // the faint season's index, as a share of the strong one's shape, sits well under its true 0.3
    expect(share(faint)).toBeLessThan(0.3 * 0.9);
  });

  it('finds no season where there is none', () => {
    expect(estimateYearlyIndex(daily(4, 50, 3, new Array(12).fill(0)), ctx)).toBeUndefined();
  });

  it('leaves a shutdown out: a closed quarter does not read as a season', () => {
    const s = daily(5, 50, 4);
    const from = periodsBetween(START, '2021-04-01', 'daily');
    const to = periodsBetween(START, '2021-07-01', 'daily');
    const y = s.y.map((v, i) => (i >= from && i < to ? 0 : v));
    const logs = estimateYearlyIndex(
      { ...s, y },
      { ...ctx, disruptions: [{ kind: 'shutdown', window: { start: from, end: to } }] },
    )!;
    logs.forEach((v, m) => expect(Math.abs(v - CARRIED[m])).toBeLessThan(0.08));
    // unmasked, the zeros of the closed quarter would read as a deep spring trough
    const blind = estimateYearlyIndex({ ...s, y }, ctx)!;
    expect(blind[4]).toBeLessThan(CARRIED[4] - 0.15);
  });

  it("gives a SKU with a few months of history its group's season", () => {
    const group = daily(4, 500, 5);
    const launch = periodsBetween(START, '2022-09-01', 'daily');
    const sku: Series = { ...daily(4, 5, 6), start: '2022-09-01' };
    sku.y = sku.y.slice(launch);
    const own = estimateYearlyIndex(sku, ctx);
    expect(own).toBeUndefined();
    const borrowed = estimateYearlyIndex(sku, { ...ctx, group: { start: group.start, y: group.y } })!;
    borrowed.forEach((v, m) => expect(Math.abs(v - CARRIED[m])).toBeLessThan(0.08));
  });
});

describe('seasonalIndexWeight (James–Stein share of the index carried)', () => {
  const logs = [0.3, -0.3, 0.2, -0.2, 0.1, -0.1, 0.3, -0.3, 0.2, -0.2, 0.1, -0.1];
  const signal = logs.reduce((a, v) => a + v * v, 0); // 0.56

  it('is 1 − 9·mean se² / Σ log² on twelve factors', () => {
    expect(seasonalIndexWeight(logs, new Array(12).fill(0.01))).toBeCloseTo(1 - (9 * 0.01) / signal, 12);
    // variances differ per month: their mean counts; a non-finite one counts as 0
    const se2 = [0.02, 0, 0.02, 0, 0.02, 0, 0.02, 0, 0.02, 0, 0.02, NaN];
    expect(seasonalIndexWeight(logs, se2)).toBeCloseTo(1 - (9 * (0.12 / 12)) / signal, 12);
  });

  it('carries a season far above its noise almost whole, and none of one that is mostly noise', () => {
    expect(seasonalIndexWeight(logs, new Array(12).fill(1e-4))).toBeGreaterThan(0.99);
    expect(seasonalIndexWeight(logs, new Array(12).fill(0.1))).toBe(0);
    expect(seasonalIndexWeight(new Array(12).fill(0), new Array(12).fill(0.01))).toBe(0);
  });

  it('refuses mismatched or too few factors', () => {
    expect(() => seasonalIndexWeight(logs, [0.01])).toThrow(RangeError);
    expect(() => seasonalIndexWeight([0.1, -0.1, 0], [0, 0, 0])).toThrow(RangeError);
  });
});

describe('withYearlySeason', () => {
  it('fits the member on the adjusted history and carries the season into the forecast', () => {
    const s = daily(4, 50, 7);
    const wrapped = withYearlySeason(naiveModel);
    const f = wrapped.fit(s, ctx);
    expect(f.model).toBe(YEARLY_SEASON_MODEL);
    // a naive forecast of the adjusted series, reseasonalised: December's last value carried into
    // January and February moves with their factors, not flat
    const mean = f.predict(60, []).mean;
    const factors = yearlyFactors(estimateYearlyIndex(s, ctx)!, '2023-01-01', 60);
    expect(mean[45] / mean[0]).toBeCloseTo(factors[45] / factors[0], 10);
    expect(Math.abs(factors[45] / factors[0] - 1)).toBeGreaterThan(0.02);
  });

  it('is the member itself where the history has no season', () => {
    const s = daily(1, 50, 8);
    expect(withYearlySeason(naiveModel).fit(s, ctx).model).toBe('naive');
  });

  it('round-trips through the registry with the same forecast', () => {
    const s = daily(4, 50, 9);
    const f = withYearlySeason(naiveModel).fit(s, ctx);
    const json = JSON.parse(JSON.stringify(f.toJSON()));
    const restored = defaultRegistry().fromJSON(json);
    expect(restored.predict(90, []).mean).toEqual(f.predict(90, []).mean);
    expect(json.params.inner.model).toBe('naive');
    expect(() => defaultRegistry().fromJSON({ ...json, params: { ...json.params, logs: [1, 2] } })).toThrow(
      /12 finite logs/,
    );
  });

  it('wraps only daily members that do not model the year themselves, the recovery included', () => {
    const registry = defaultRegistry();
    const daily1: Pick<Series, 'freq'> = { freq: 'daily' };
    expect(needsYearlySeason(registry.get('ets'), daily1)).toBe(true);
    expect(needsYearlySeason(registry.get('seasonal_ratio'), daily1)).toBe(false);
    expect(needsYearlySeason(registry.get('xgboost'), daily1)).toBe(false);
    expect(needsYearlySeason(registry.get('recovery'), daily1)).toBe(true);
    expect(needsYearlySeason(registry.get('ets'), { freq: 'monthly' })).toBe(false);
  });
});

describe('the recovery, seasonally adjusted', () => {
  it('serves as the overlay of a shutdown that ends at the origin, its ratio read through the wrapper', () => {
    // four years of seasonal daily demand, the last 40 days shut (a trough, then reopening at the origin)
    const full = daily(4, 50, 21);
    const n = full.y.length;
    const y = full.y.map((v, t) => (t >= n - 40 ? Math.round(v * (t < n - 20 ? 0.1 : 0.4)) : v));
    const context: FitContext = {
      seasonPeriod: 7,
      disruptions: [{ kind: 'shutdown', window: { start: n - 40, end: n } }],
    };
    const registry = defaultRegistry();
    const { fitted, report } = fitEnsemble({ ...full, y }, context, {
      horizon: 28,
      members: [naiveModel, recoveryModel],
      restoreMember: (j) => registry.fromJSON(j),
    });
    expect(report.recoveryOverlay).toMatch(/recovery/);
    const overlay = fitted.recoveryOverlay!.toJSON();
    expect(overlay.model).toBe(YEARLY_SEASON_MODEL);
    const f = fitted.predict(28, [80]);
    // between "still shut" and "back to normal", rising
    expect(f.mean.every((v) => v > 0)).toBe(true);
    expect(f.mean[27]).toBeGreaterThan(f.mean[0]);
    const restored = FittedEnsemble.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())), (j) =>
      registry.fromJSON(j),
    );
    expect(restored.predict(28, [80])).toEqual(f);
  });
});
