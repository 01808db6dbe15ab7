import { ModelRegistry } from '../core/registry';
import { normalRandom, seededRandom } from '../core/stats';
import { FitContext, ModelFamily, ModelFitError, ModelSpec, Series } from '../core/types';
import { createEnsembleSpec, EnsembleOptions, fitEnsemble } from './ensemble';
import { FittedEnsemble } from './fitted-ensemble';
import { recoveryModel } from '../models/recovery';

/**
 * Toy members: forecast `factor` × the mean of the last `window` observations (NaN skipped).
 * factor 1 is a sound model of a level series; factor 1.5 a badly biased one.
 */
function levelModel(
  name: string,
  family: ModelFamily,
  factor = 1,
  window = 12,
  handlesMissing = true,
): ModelSpec {
  const restore = (level: number) => ({
    model: name,
    predict: (h: number) => ({ mean: new Array(h).fill(level), intervals: {} }),
    toJSON: () => ({ model: name, schemaVersion: 1, params: { level } }),
  });
  return {
    name,
    family,
    capabilities: {
      needsSeasonality: false,
      usesExogenous: false,
      minHistory: 2,
      handlesMissing,
      nativeIntervals: false,
    },
    fit(series) {
      if (!handlesMissing && series.y.some((v) => !Number.isFinite(v)))
        throw new Error(`${name} was given missing values`);
      const recent = series.y.slice(-window).filter(Number.isFinite);
      return restore((factor * recent.reduce((s, v) => s + v, 0)) / recent.length);
    },
    fromJSON: (json) => restore((json.params as { level: number }).level),
  };
}

function failingModel(name: string, family: ModelFamily, error: () => Error): ModelSpec {
  return {
    ...levelModel(name, family),
    fit: () => {
      throw error();
    },
  };
}

const noisyLevel = (seed: number, n: number, level = 100, sd = 10): number[] => {
  const z = normalRandom(seededRandom(seed));
  return Array.from({ length: n }, () => level + sd * z());
};
const series = (y: number[], id = 's'): Series => ({ id, freq: 'monthly', start: '2020-01-01', y });
const context: FitContext = { seasonPeriod: 12 };

const good = levelModel('good', 'statistical');
const bad = levelModel('bad', 'ml', 1.5);
const lastValue = levelModel('last', 'baseline', 1, 1);

function options(members: ModelSpec[], extra: Partial<EnsembleOptions> = {}): EnsembleOptions {
  const registry = new ModelRegistry([good, bad, lastValue]);
  return {
    horizon: 6,
    members,
    fallbacks: [lastValue],
    restoreMember: (j) => registry.fromJSON(j),
    ...extra,
  };
}

describe('members that narrow (ModelSpec.narrow)', () => {
  it('are fitted once on the full history, backtested with the narrowed spec, and that fit is the final one', () => {
    const calls: string[] = [];
    const base = levelModel('narrowing', 'statistical');
    const spec: ModelSpec = {
      ...base,
      fit: (s, c) => {
        calls.push(`full ${s.y.length}`);
        return base.fit(s, c);
      },
      narrow: () => ({
        ...base,
        fit: (s, c) => {
          calls.push(`narrowed ${s.y.length}`);
          return base.fit(s, c);
        },
      }),
    };
    const { report } = fitEnsemble(series(noisyLevel(3, 48)), context, options([spec, good]));
    expect(calls).toEqual(['full 48', 'narrowed 30', 'narrowed 36', 'narrowed 42']);
    expect(report.weights.narrowing).toBeGreaterThan(0);
  });
});

describe('ensemble weights', () => {
  it('weights a good member more than a bad one, with non-negative weights summing to 1', () => {
    const { report } = fitEnsemble(series(noisyLevel(1, 48)), context, options([good, bad]));
    expect(report.weightSource).toBe('backtest');
    expect(report.chosen).toBe('ensemble');
    expect(report.weights.good).toBeGreaterThan(report.weights.bad);
    expect(Object.values(report.weights).every((w) => w > 0)).toBe(true);
    expect(Object.values(report.weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    const accuracy = Object.fromEntries(report.accuracy.map((a) => [a.member, a]));
    expect(Object.keys(accuracy).sort()).toEqual(['bad', 'ensemble', 'good']);
    expect(accuracy.good.smape).toBeLessThan(accuracy.bad.smape);
    expect(accuracy.good.folds).toBe(3);
  });

  it('uses the family prior when the history is too short to backtest', () => {
    const recovery = levelModel('rec', 'recovery');
    const { report } = fitEnsemble(series(noisyLevel(2, 6)), context, options([good, bad, recovery]));
    expect(report.weightSource).toBe('prior');
    expect(report.weights.good).toBeCloseTo(0.4, 12);
    expect(report.weights.bad).toBeCloseTo(0.45, 12);
    expect(report.weights.rec).toBeCloseTo(0.15, 12);
  });

  it('shrinks toward the prior: a stronger prior pulls the weights closer to it', () => {
    const y = series(noisyLevel(3, 48));
    const weak = fitEnsemble(y, context, options([good, bad], { shrinkage: 0 })).report.weights;
    const strong = fitEnsemble(y, context, options([good, bad], { shrinkage: 30 })).report.weights;
    const prior = { good: 0.4 / 0.85, bad: 0.45 / 0.85 };
    expect(Math.abs(strong.good - prior.good)).toBeLessThan(Math.abs(weak.good - prior.good));
  });

  it('least-squares weighting also prefers the good member', () => {
    const { report } = fitEnsemble(
      series(noisyLevel(4, 48)),
      context,
      options([good, bad], { weighting: 'least-squares' }),
    );
    expect(report.weights.good).toBeGreaterThan(0.7);
  });

  it('selectBest keeps the single member that beat the combination in backtests', () => {
    const { fitted, report } = fitEnsemble(
      series(noisyLevel(5, 48)),
      context,
      options([good, bad], { selectBest: true }),
    );
    expect(report.chosen).toBe('good');
    expect(report.weights).toEqual({ good: 1 });
    expect(fitted.members).toHaveLength(1);
    expect(report.dropped).toEqual([
      { member: 'bad', reason: expect.stringMatching(/selectBest: good beat/) },
    ]);
  });
});

describe('ensemble failures', () => {
  it('drops a member that throws anything, with the reason, and keeps the others', () => {
    const crashing = failingModel('crash', 'ml', () => new TypeError('cannot read x of undefined'));
    const { report } = fitEnsemble(series(noisyLevel(6, 48)), context, options([good, crashing]));
    expect(report.weights).toEqual({ good: 1 });
    expect(report.dropped[0].member).toBe('crash');
    expect(report.dropped[0].reason).toMatch(/crash: cannot read x of undefined/);
  });

  it('falls back to the fallback model when every member rejects the series, and says so', () => {
    const rejecting = failingModel(
      'reject',
      'statistical',
      () => new ModelFitError('reject', 'series is degenerate'),
    );
    const { fitted, report } = fitEnsemble(series(noisyLevel(7, 30)), context, options([rejecting]));
    expect(report.chosen).toBe('last');
    expect(report.weightSource).toBe('fallback');
    expect(report.fallbackReason).toMatch(/no member could fit.*reject: series is degenerate/);
    const forecast = fitted.predict(6, [80]);
    expect(forecast.mean).toHaveLength(6);
    expect(forecast.intervals[80].upper[0]).toBeGreaterThan(forecast.mean[0]);
  });

  it('throws, naming the series, only when the fallbacks cannot fit either', () => {
    const rejecting = failingModel('reject', 'statistical', () => new ModelFitError('reject', 'no'));
    expect(() => fitEnsemble(series([NaN, NaN, NaN], 'sku-9'), context, options([rejecting]))).toThrow(
      /sku-9.*no fallback could/,
    );
  });

  it('feeds members that cannot skip missing points a repaired series', () => {
    const strict = levelModel('strict', 'statistical', 1, 12, false);
    const y = noisyLevel(8, 40);
    y[30] = NaN;
    const shutdown: FitContext = {
      seasonPeriod: 12,
      disruptions: [{ kind: 'shutdown', window: { start: 20, end: 24 } }],
    };
    const { report } = fitEnsemble(series(y), shutdown, options([strict]));
    expect(report.weights).toEqual({ strict: 1 });
    expect(report.dropped).toEqual([]);
  });
});

describe('ensemble predictions', () => {
  it('clips means and lower bounds at 0 for a series that was never negative', () => {
    const y = Array.from({ length: 36 }, (_, i) => (i % 3 === 0 ? 4 : 0));
    const drop = levelModel('drop', 'statistical', -1);
    const forecast = fitEnsemble(series(y), context, options([drop])).fitted.predict(6, [95]);
    expect(forecast.mean.every((v) => v >= 0)).toBe(true);
    expect(forecast.intervals[95].lower.every((v) => v >= 0)).toBe(true);
  });

  it('backtests and calibrates for context.maxHorizon when the context gives one', () => {
    const { fitted } = fitEnsemble(
      series(noisyLevel(10, 48)),
      { seasonPeriod: 12, maxHorizon: 3 },
      options([good]),
    );
    expect(fitted.conformal.residuals).toHaveLength(3);
    expect(fitted.conformal.residuals.every((r) => r.length === 3)).toBe(true);
  });

  it('survives a JSON round trip through the registry with identical predictions', () => {
    const opts = options([good, bad, lastValue]);
    const registry = new ModelRegistry([good, bad, lastValue]);
    const spec = createEnsembleSpec({ ...opts, restoreMember: (j) => registry.fromJSON(j) });
    registry.register(spec);
    const fitted = spec.fit(series(noisyLevel(9, 48)), context);
    const stored = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(stored).toMatchObject({ model: 'ensemble', schemaVersion: 3 });
    const restored = registry.fromJSON(stored);
    expect(restored).toBeInstanceOf(FittedEnsemble);
    expect(restored.predict(8, [80, 95])).toEqual(fitted.predict(8, [80, 95]));
    expect(() => registry.fromJSON({ ...stored, schemaVersion: 99 })).toThrow(/schemaVersion 99/);
  });

  it("widens the conformal band by the members' disagreement beyond what the backtests saw", () => {
    const fixed = (level: number) =>
      levelModel('fixed', 'statistical').fromJSON({ model: 'fixed', schemaVersion: 1, params: { level } });
    const members = [
      { weight: 0.5, fitted: fixed(90) },
      { weight: 0.5, fitted: fixed(110) },
    ];
    const residuals = [[1, 2, 3, 4, 5]];
    const halfWidth = (spread?: number[]) => {
      const band = new FittedEnsemble(
        members,
        { mode: 'absolute', scale: 1, residuals, ...(spread && { spread }) },
        false,
      ).predict(1, [80]).intervals[80];
      return (band.upper[0] - band.lower[0]) / 2;
    };
    const z = 1.2815515655446004;
    // the members disagree by sd 10 now; the conformal quantile alone is 5
    expect(halfWidth()).toBeCloseTo(Math.hypot(5, z * 10), 9); // a model stored before the spread was kept
    expect(halfWidth([10])).toBeCloseTo(5, 9); // they disagreed as much in the backtests
    expect(halfWidth([12])).toBeCloseTo(5, 9); // more then than now: never narrower than the residuals
    expect(halfWidth([6])).toBeCloseTo(Math.hypot(5, z * 8), 9); // √(10² − 6²) = 8 beyond it
  });

  it("keeps the backtests' spread through a JSON round trip", () => {
    const { fitted } = fitEnsemble(series(noisyLevel(11, 48)), context, options([good, bad]));
    expect(fitted.conformal.spread).toHaveLength(6);
    // good and bad forecast 1 and 1.5 × the level: they disagreed in every fold
    expect(fitted.conformal.spread!.every((s) => s > 10)).toBe(true);
    const stored = JSON.parse(JSON.stringify((fitted as FittedEnsemble).toJSON()));
    expect(stored.params.conformal.spread).toEqual(fitted.conformal.spread);
  });

  it('conformal intervals cover close to their nominal level on i.i.d. noise', () => {
    const horizon = 6;
    const covered = { 80: 0, 95: 0 };
    let points = 0;
    for (let s = 0; s < 300; s++) {
      const y = noisyLevel(1000 + s, 40 + horizon);
      const { fitted } = fitEnsemble(
        series(y.slice(0, 40)),
        context,
        options([levelModel('mean', 'statistical', 1, 40)]),
      );
      const forecast = fitted.predict(horizon, [80, 95]);
      for (let k = 0; k < horizon; k++) {
        const actual = y[40 + k];
        for (const level of [80, 95] as const) {
          const band = forecast.intervals[level];
          if (actual >= band.lower[k] && actual <= band.upper[k]) covered[level]++;
        }
        points++;
      }
    }
    expect(covered[80] / points).toBeGreaterThan(0.74);
    expect(covered[80] / points).toBeLessThan(0.86);
    expect(covered[95] / points).toBeGreaterThan(0.9);
    expect(covered[95] / points).toBeLessThan(0.985);
  });
});

describe('createEnsembleSpec', () => {
  it('rejects invalid options, naming the option', () => {
    expect(() => createEnsembleSpec(options([good], { horizon: 0 }))).toThrow(
      /horizon must be a positive integer/,
    );
    expect(() => createEnsembleSpec(options([good], { backtest: { origins: 1.5 } }))).toThrow(
      /backtest.origins/,
    );
    expect(() => createEnsembleSpec(options([good, good]))).toThrow(/'good' is listed twice/);
    expect(() =>
      createEnsembleSpec(options([good], { prior: { statistical: 0, ml: 0, recovery: 0 } })),
    ).toThrow(/prior/);
  });
});

describe('recovery overlay (a shutdown that ends at the forecast origin)', () => {
  // 8 years of monthly level sales; a 3-month window at the end: trough 0.3, then 0.6 of normal.
  const window = { start: 93, end: 96 };
  const base = noisyLevel(21, 96, 100, 2);
  const y = base.map((v, t) => (t === 93 ? 0.5 * v : t === 94 ? 0.3 * v : t === 95 ? 0.6 * v : v));
  const ctx: FitContext = { seasonPeriod: 12, disruptions: [{ kind: 'shutdown', window }] };
  const registry = new ModelRegistry([good, recoveryModel]);
  const opts = (): EnsembleOptions => ({
    horizon: 2,
    members: [good, recoveryModel],
    fallbacks: [lastValue],
    restoreMember: (j) => registry.fromJSON(j),
  });

  it('multiplies the combination of the other members by the projected recovery ratio', () => {
    const { fitted, report } = fitEnsemble(series(y), ctx, opts());
    expect(report.recoveryOverlay).toMatch(/recovery/);
    expect(report.weights).toEqual({ good: 1 });
    const f = fitted.predict(2, [80]);
    // Between "still shut" (60) and "back to normal" (100), rising.
    expect(f.mean[0]).toBeGreaterThan(62);
    expect(f.mean[0]).toBeLessThan(97);
    expect(f.mean[1]).toBeGreaterThan(f.mean[0]);
    // The band is wider than the pre-shutdown noise alone (sd 2) would make it: the recovery is uncertain.
    expect(f.intervals[80].upper[0] - f.intervals[80].lower[0]).toBeGreaterThan(2 * 1.28 * 2 * 1.5);
    const restored = FittedEnsemble.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())), (j) =>
      registry.fromJSON(j),
    );
    expect(restored.predict(2, [80])).toEqual(f);
  });

  it('weighs the recovery member on its backtests once a month after the reopening is observed', () => {
    const reopened = [...y, 0.8 * base[95]];
    const { report } = fitEnsemble(series(reopened), ctx, { ...opts(), horizon: 1 });
    expect(report.recoveryOverlay).toBeUndefined();
    expect(report.weights.recovery).toBeGreaterThan(0);
  });

  it('is not used without a disruption or when the shutdown ended before the history did', () => {
    expect(fitEnsemble(series(base), { seasonPeriod: 12 }, opts()).report.recoveryOverlay).toBeUndefined();
    const earlier: FitContext = {
      seasonPeriod: 12,
      disruptions: [{ kind: 'shutdown', window: { start: 60, end: 63 } }],
    };
    expect(fitEnsemble(series(base), earlier, opts()).report.recoveryOverlay).toBeUndefined();
  });
});

describe('after a reopening', () => {
  // level 100, a shutdown (missing) at 40..50, then a recovery at half the level; h = 12, so the planned origin
  // 44 lies in the shutdown and the backtest adds one at 53, in the recovery
  const z = normalRandom(seededRandom(7));
  const y = Array.from(
    { length: 80 },
    (_, i) => (i < 40 ? 100 : i < 50 ? NaN : 50) + (i < 40 || i >= 50 ? z() : 0),
  );
  const ctx: FitContext = {
    seasonPeriod: 1,
    disruptions: [{ kind: 'shutdown', window: { start: 40, end: 50 } }],
  };
  const half = levelModel('half', 'ml', 0.5);

  it('weighs the members on the recovery folds only, and calibrates the intervals on every fold', () => {
    const { fitted, report } = fitEnsemble(series(y), ctx, options([good, half], { horizon: 12 }));
    // `half` is right at the fold in the shutdown (it forecasts 50 from the level 100) and wrong in the
    // recovery: on every fold it would get a third of the evidence, on the recovery folds almost none
    expect(report.accuracy.every((a) => a.folds === 3)).toBe(true);
    const accuracy = Object.fromEntries(report.accuracy.map((a) => [a.member, a.mase]));
    expect(accuracy.good).toBeLessThan(accuracy.half / 5);
    expect(report.weights.good).toBeGreaterThan(0.75);
    // the shutdown fold still calibrates: its error (the recovery it could not see) widens the steps it
    // scored (6..11: the days after the reopening), not the first ones (inside the shutdown, unscored)
    const forecast = fitted.predict(12, [80]);
    const width = (k: number) => forecast.intervals[80].upper[k] - forecast.mean[k];
    expect(width(8)).toBeGreaterThan(2 * width(0));
  });
});
