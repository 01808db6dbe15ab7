import { normalRandom, seededRandom } from '../../core/stats';
import { FitContext, ModelFitError, Series } from '../../core/types';
import { extendTreePath, horizonBuckets, loadMlModels, randomForestModel, xgboostModel } from './tree-models';

/** Daily sales: weekly pattern, a yearly swell, a December peak, growth and noise. */
function dailySales(days: number, seed: number): { y: number[]; truth: (t: number) => number } {
  const truth = (t: number) => {
    const dow = [0.8, 0.9, 0.95, 1, 1.1, 1.4, 1.3][t % 7];
    const doy = (t % 365) / 365;
    const december = doy > 0.9 && doy < 0.985 ? 1.5 : 1;
    return (50 + 0.01 * t) * dow * (1 + 0.2 * Math.sin(2 * Math.PI * doy)) * december;
  };
  const z = normalRandom(seededRandom(seed));
  const y = Array.from({ length: days }, (_, t) => Math.max(0, truth(t) * (1 + 0.08 * z())));
  return { y, truth };
}

function monthlySeasonal(n: number, seed: number): number[] {
  const z = normalRandom(seededRandom(seed));
  return Array.from(
    { length: n },
    (_, t) => (100 + t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + 3 * z(),
  );
}

const mape = (f: number[], actual: number[]) =>
  f.reduce((s, v, i) => s + Math.abs(v - actual[i]) / actual[i], 0) / f.length;

beforeAll(() => loadMlModels());

describe('horizon buckets', () => {
  it('double from half a season and end at the horizon', () => {
    expect(horizonBuckets(62, 7)).toEqual([4, 8, 16, 32, 62]);
    expect(horizonBuckets(18, 12)).toEqual([6, 12, 18]);
    expect(horizonBuckets(6, 1)).toEqual([1, 2, 4, 6]);
  });

  it('are whole weeks, tripling, for daily data with a weekly season', () => {
    expect(horizonBuckets(62, 7, 'daily')).toEqual([7, 21, 62]);
    expect(horizonBuckets(14, 7, 'daily')).toEqual([7, 14]);
    expect(horizonBuckets(5, 7, 'daily')).toEqual([5]);
    expect(horizonBuckets(62, 1, 'daily')).toEqual([1, 2, 4, 8, 16, 32, 62]);
  });
});

describe('extendTreePath', () => {
  it('repeats the last season of the path beyond it', () => {
    expect(extendTreePath([1, 2, 3, 4, 5], 8, 2)).toEqual([1, 2, 3, 4, 5, 4, 5, 4]);
    expect(extendTreePath([1, 2, 3], 2, 7)).toEqual([1, 2]);
    expect(extendTreePath([1, 2, 3], 5, 7)).toEqual([1, 2, 3, 1, 2]); // a season longer than the path: the whole path
  });
});

describe.each([
  ['xgboost', xgboostModel],
  ['random_forest', randomForestModel],
])('%s', (_name, spec) => {
  it('forecasts a monthly seasonal series close to its pattern', () => {
    const y = monthlySeasonal(120, 1);
    const series: Series = { id: 'm', freq: 'monthly', start: '2010-01-01', y: y.slice(0, 102) };
    const f = spec.fit(series, { seasonPeriod: 12, maxHorizon: 18, seed: 1 }).predict(18);
    expect(f.mean).toHaveLength(18);
    expect(f.intervals).toEqual({});
    expect(mape(f.mean, y.slice(102))).toBeLessThan(0.12);
  });

  it('is reproducible: same seed, same forecast; and survives JSON', () => {
    const series: Series = { id: 'm', freq: 'monthly', start: '2010-01-01', y: monthlySeasonal(80, 2) };
    const context: FitContext = { seasonPeriod: 12, maxHorizon: 12, seed: 42 };
    const a = spec.fit(series, context);
    const b = spec.fit(series, context);
    expect(b.predict(12).mean).toEqual(a.predict(12).mean);
    const restored = spec.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(restored.predict(12)).toEqual(a.predict(12));
    // beyond the trained horizon the path's last season repeats (any horizon is served, never an error)
    const long = restored.predict(30).mean;
    expect(long.slice(0, 12)).toEqual(a.predict(12).mean);
    expect(long[12]).toBe(long[0]);
    expect(long[29]).toBe(long[29 - 12]);
  });

  it('throws ModelFitError when a bucket would have too few training rows', () => {
    const series: Series = { id: 'short', freq: 'monthly', start: '2010-01-01', y: monthlySeasonal(28, 3) };
    expect(() => spec.fit(series, { seasonPeriod: 12, maxHorizon: 18 })).toThrow(ModelFitError);
  });
});

describe('xgboost on daily retail with a shutdown', () => {
  const { y, truth } = dailySales(1200, 4);
  const n = 1100;
  const shutdown = { start: 900, end: 960 };
  const observed = y.slice(0, n).map((v, t) => (t >= shutdown.start && t < shutdown.end ? 0 : v));
  const series: Series = { id: 'sku', freq: 'daily', start: '2021-01-04', y: observed };
  const context: FitContext = {
    seasonPeriod: 7,
    maxHorizon: 62,
    seed: 7,
    disruptions: [{ kind: 'shutdown', window: shutdown }],
  };

  it('does not learn the shutdown zeros and tracks the weekly pattern 62 days ahead', () => {
    const f = xgboostModel.fit(series, context).predict(62);
    const actual = Array.from({ length: 62 }, (_, h) => truth(n + h));
    expect(mape(f.mean, actual)).toBeLessThan(0.12);
    // Weekly pattern: Saturdays above Mondays.
    const at = (weekday: number) => f.mean.filter((_, h) => (n + h) % 7 === weekday);
    expect(Math.min(...at(5))).toBeGreaterThan(Math.max(...at(0)));
  });

  it('different seeds sample differently (the seed reaches XGBoost)', () => {
    const a = xgboostModel.fit(series, { ...context, maxHorizon: 8, seed: 1 }).predict(8).mean;
    const b = xgboostModel.fit(series, { ...context, maxHorizon: 8, seed: 2 }).predict(8).mean;
    expect(b).not.toEqual(a);
  });
});
