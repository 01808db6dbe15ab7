import { addPeriods } from '../../core/calendar';
import { ModelFitError, Series } from '../../core/types';
import { loadXgboost } from './xgboost-runtime';
import {
  fitGlobalAr,
  GLOBAL_AR_MIN_SERIES,
  GlobalArEntry,
  globalArKey,
  globalArModel,
  ridgeSolve,
} from './global-ar';

/**
 * A panel of monthly series that share one law of motion: log y = level + a yearly season + a slow trend,
 * each series at its own size and phase of noise. A pooled AR on the log scale should learn it from the panel.
 */
function panel(count: number, n: number, seed = 1): GlobalArEntry[] {
  let s = seed;
  const noise = () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647 - 0.5) * 0.04;
  };
  return Array.from({ length: count }, (_, i) => ({
    series: {
      id: `s${i}`,
      freq: 'monthly' as const,
      start: '2010-01-01',
      y: Array.from({ length: n }, (_, t) =>
        Math.exp(Math.log(50 + 10 * i) + 0.004 * t + 0.3 * Math.sin((2 * Math.PI * t) / 12) + noise()),
      ),
    },
    context: { seasonPeriod: 12 },
  }));
}

/** The law of motion without noise, `k` months after the end of series `i` of `panel(…, n)`. */
const truth = (i: number, n: number, k: number) =>
  Math.exp(Math.log(50 + 10 * i) + 0.004 * (n + k) + 0.3 * Math.sin((2 * Math.PI * (n + k)) / 12));

describe('ridgeSolve', () => {
  it('solves the normal equations (ridge 0 gives least squares)', () => {
    // y = 2·x1 − x2 + 3, exactly
    const rows = [
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
      [2, 1, 1],
      [3, 5, 1],
    ];
    const y = rows.map(([a, b]) => [2 * a - b + 3]);
    const xtx = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
    const xty = [0, 1, 2].map((i) => [rows.reduce((s, r, p) => s + r[i] * y[p][0], 0)]);
    const b = ridgeSolve(xtx, xty, 0);
    expect(b.map((r) => r[0])).toEqual([expect.closeTo(2, 9), expect.closeTo(-1, 9), expect.closeTo(3, 9)]);
    // a penalty shrinks the coefficients
    const shrunk = ridgeSolve(xtx, xty, 10).map((r) => r[0]);
    expect(Math.abs(shrunk[0])).toBeLessThan(2);
  });

  it('throws on equations that are not positive definite', () => {
    expect(() => ridgeSolve([[0]], [[1]], 0)).toThrow(/positive definite/);
  });
});

describe('fitGlobalAr', () => {
  const n = 96;
  const horizon = 6;

  it('learns the panel’s law: forecasts within a few percent of the noise-free path, at the end and at each backtest origin', () => {
    const entries = panel(GLOBAL_AR_MIN_SERIES + 5, n);
    const { forecasts, report } = fitGlobalAr(entries, { horizon });
    // the three planned backtest distances (6, 12, 18) and the end
    expect(report.distances).toEqual([0, 6, 12, 18]);
    for (const [i, e] of entries.entries()) {
      const paths = forecasts[i]!;
      expect(Object.keys(paths).sort()).toEqual(
        [78, 84, 90, 96].map((o) => globalArKey(addPeriods(e.series.start, 'monthly', o))),
      );
      const path = paths[globalArKey(addPeriods(e.series.start, 'monthly', n))];
      path.forEach((v, k) => expect(Math.abs(v / truth(i, n, k) - 1)).toBeLessThan(0.05));
    }
  });

  it('never sees what came after the origin it forecasts from', () => {
    const entries = panel(GLOBAL_AR_MIN_SERIES + 5, n);
    const changed = entries.map((e) => ({
      ...e,
      series: { ...e.series, y: e.series.y.map((v, t) => (t >= n - 12 ? v * 3 : v)) },
    }));
    const key = globalArKey(addPeriods('2010-01-01', 'monthly', n - 12));
    const before = fitGlobalAr(entries, { horizon }).forecasts;
    const after = fitGlobalAr(changed, { horizon }).forecasts;
    entries.forEach((_, i) => {
      expect(after[i]![key]).toEqual(before[i]![key]);
      // the end, which does see the last 12 months, moves
      const end = globalArKey(addPeriods('2010-01-01', 'monthly', n));
      expect(after[i]![end][0]).toBeGreaterThan(2 * before[i]![end][0]);
    });
  });

  it('pools only monthly series that are > 0 outside their disruptions, and at least GLOBAL_AR_MIN_SERIES of them', () => {
    const entries = panel(GLOBAL_AR_MIN_SERIES, n);
    const withZero = entries.map((e, i) =>
      i === 0 ? { ...e, series: { ...e.series, y: e.series.y.map((v, t) => (t === 10 ? 0 : v)) } } : e,
    );
    // 19 poolable: nothing is fitted
    expect(fitGlobalAr(withZero, { horizon }).forecasts.every((f) => f === undefined)).toBe(true);
    const daily: GlobalArEntry = {
      series: { id: 'd', freq: 'daily', start: '2020-01-01', y: new Array(400).fill(5) },
      context: { seasonPeriod: 7 },
    };
    const { forecasts } = fitGlobalAr([...panel(GLOBAL_AR_MIN_SERIES, n), daily, withZero[0]], { horizon });
    expect(forecasts.slice(0, GLOBAL_AR_MIN_SERIES).every((f) => f !== undefined)).toBe(true);
    expect(forecasts[GLOBAL_AR_MIN_SERIES]).toBeUndefined();
    expect(forecasts[GLOBAL_AR_MIN_SERIES + 1]).toBeUndefined();
  });

  it('forecasts through a shutdown in the last months from the repaired lags, not from the closed months', () => {
    const entries = panel(GLOBAL_AR_MIN_SERIES + 5, n).map((e) => ({
      series: { ...e.series, y: e.series.y.map((v, t) => (t >= n - 5 && t < n - 2 ? 0.01 * v : v)) },
      context: {
        seasonPeriod: 12,
        disruptions: [{ kind: 'shutdown' as const, window: { start: n - 5, end: n - 2 } }],
      },
    }));
    const { forecasts } = fitGlobalAr(entries, { horizon });
    const end = globalArKey(addPeriods('2010-01-01', 'monthly', n));
    entries.forEach((_, i) =>
      forecasts[i]![end].forEach((v, k) => expect(Math.abs(v / truth(i, n, k) - 1)).toBeLessThan(0.1)),
    );
  });
});

describe('fitGlobalAr, boosted (the monthly global_gbm)', () => {
  const n = 96;
  const horizon = 6;
  beforeAll(() => loadXgboost());

  it('puts the boosted paths under the plain first-forecast date, near the noise-free path', () => {
    const entries = panel(GLOBAL_AR_MIN_SERIES + 5, n);
    const { forecasts, report } = fitGlobalAr(entries, { horizon, linear: false, boosted: true, seed: 3 });
    // one booster per step at the oldest backtest origin and at the end
    expect(report.boosters).toBe(2 * horizon);
    expect(report.distances).toEqual([]);
    for (const [i, e] of entries.entries()) {
      expect(Object.keys(forecasts[i]!).sort()).toEqual(
        [78, 84, 90, 96].map((o) => addPeriods(e.series.start, 'monthly', o)),
      );
      forecasts[i]![addPeriods(e.series.start, 'monthly', n)].forEach((v, k) =>
        expect(Math.abs(v / truth(i, n, k) - 1)).toBeLessThan(0.1),
      );
    }
  });

  it('never sees what came after a backtest origin: its backtest boosters are fitted at the oldest one', () => {
    const entries = panel(GLOBAL_AR_MIN_SERIES + 5, n);
    const changed = entries.map((e) => ({
      ...e,
      series: { ...e.series, y: e.series.y.map((v, t) => (t >= n - 12 ? v * 3 : v)) },
    }));
    const options = { horizon, linear: false, boosted: true, seed: 3 };
    const before = fitGlobalAr(entries, options).forecasts;
    const after = fitGlobalAr(changed, options).forecasts;
    for (const origin of [n - 18, n - 12]) {
      const key = addPeriods('2010-01-01', 'monthly', origin);
      entries.forEach((_, i) => expect(after[i]![key]).toEqual(before[i]![key]));
    }
    const end = addPeriods('2010-01-01', 'monthly', n);
    expect(after[0]![end][0]).toBeGreaterThan(2 * before[0]![end][0]);
  });
});

describe('the global_ar member', () => {
  const series: Series = { id: 's', freq: 'monthly', start: '2010-01-01', y: new Array(48).fill(10) };

  it('forecasts the path the panel put in its context for its origin, extended by the season beyond it', () => {
    const path = Array.from({ length: 12 }, (_, k) => 10 + k);
    const model = globalArModel.fit(series, {
      seasonPeriod: 12,
      globalForecasts: { [globalArKey('2014-01-01')]: path, '2014-01-01': [99] },
    });
    expect(model.predict(12).mean).toEqual(path);
    expect(model.predict(14).mean.slice(12)).toEqual([10, 11]);
    const restored = globalArModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(restored.predict(12).mean).toEqual(path);
  });

  it('refuses a series the panel did not forecast, saying why', () => {
    expect(() =>
      globalArModel.fit(series, { seasonPeriod: 12, globalForecasts: { '2014-01-01': [1] } }),
    ).toThrow(ModelFitError);
    expect(() => globalArModel.fit(series, { seasonPeriod: 12 })).toThrow(/fitted by the panel/);
  });
});
