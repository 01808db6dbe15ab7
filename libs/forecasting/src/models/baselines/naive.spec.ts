import { ModelRegistry } from '../../core/registry';
import { ModelFitError, Series } from '../../core/types';
import { baselineModels, driftModel, naive2Model, naiveModel, seasonalNaiveModel } from './naive';

const series = (y: number[]): Series => ({ id: 's', freq: 'monthly', start: '2020-01-01', y });

describe('naive', () => {
  it('repeats the last value with σ√h intervals', () => {
    const f = naiveModel.fit(series([1, 3, 2, 4]), { seasonPeriod: 1 }).predict(3, [95]);
    expect(f.mean).toEqual([4, 4, 4]);
    // residuals 2, -1, 2 -> sigma = sqrt(9/3) = sqrt(3)
    const half = f.intervals[95].upper.map((u, i) => u - f.mean[i]);
    expect(half[0]).toBeCloseTo(1.959964 * Math.sqrt(3), 5);
    expect(half[2]).toBeCloseTo(1.959964 * Math.sqrt(3) * Math.sqrt(3), 5);
  });

  it('does not learn a shutdown: it sees the repaired series', () => {
    const context = {
      seasonPeriod: 1,
      disruptions: [{ kind: 'shutdown' as const, window: { start: 3, end: 5 } }],
    };
    const f = naiveModel.fit(series([10, 10, 10, 0, 0]), context).predict(1);
    expect(f.mean[0]).toBeCloseTo(10, 9);
  });
});

describe('seasonal naive', () => {
  it('repeats the last season and widens per completed season', () => {
    const y = [1, 2, 3, 2, 3, 4];
    const f = seasonalNaiveModel.fit(series(y), { seasonPeriod: 3 }).predict(4, [80]);
    expect(f.mean).toEqual([2, 3, 4, 2]);
    const w = f.intervals[80].upper.map((u, i) => u - f.intervals[80].lower[i]);
    expect(w[0]).toBeCloseTo(w[2], 9);
    expect(w[3] / w[0]).toBeCloseTo(Math.SQRT2, 9);
  });

  it('refuses a series shorter than one season', () => {
    expect(() => seasonalNaiveModel.fit(series([1, 2, 3, 4, 5]), { seasonPeriod: 12 })).toThrow(
      ModelFitError,
    );
  });
});

describe('drift', () => {
  it('extends the line through the first and last points', () => {
    const f = driftModel.fit(series([2, 5, 4, 8]), { seasonPeriod: 1 }).predict(2);
    expect(f.mean).toEqual([10, 12]);
  });
});

describe('naive2', () => {
  const m = 4;
  const pattern = [0.5, 1, 1.5, 1];
  const y = Array.from({ length: 40 }, (_, t) => 100 * pattern[t % m] * (1 + 0.01 * Math.sin(t)));

  it('deseasonalises, forecasts the last adjusted value and reseasonalises', () => {
    const f = naive2Model.fit(series(y), { seasonPeriod: m }).predict(4);
    // adjusted series is ~100 everywhere, so the forecast follows the pattern
    f.mean.forEach((v, k) => expect(v / (100 * pattern[(40 + k) % m])).toBeCloseTo(1, 1));
  });

  it('is plain naive when the series is not seasonal', () => {
    const flat = [5, 6, 5.5, 6.2, 5.8, 6.1, 5.9, 6.0, 6.3, 5.7, 6.1];
    expect(naive2Model.fit(series(flat), { seasonPeriod: 4 }).predict(3).mean).toEqual([6.1, 6.1, 6.1]);
  });
});

describe('baselines serialise', () => {
  it.each(baselineModels.map((s) => [s.name, s] as const))('%s round-trips through JSON', (_, spec) => {
    const registry = new ModelRegistry(baselineModels);
    const y = Array.from({ length: 30 }, (_, t) => 10 + t + 3 * Math.sin(t));
    const fitted = spec.fit(series(y), { seasonPeriod: 4 });
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(registry.fromJSON(json).predict(6)).toEqual(fitted.predict(6));
    expect(() => spec.fromJSON({ ...json, schemaVersion: 99 })).toThrow(/schemaVersion 99/);
  });
});
