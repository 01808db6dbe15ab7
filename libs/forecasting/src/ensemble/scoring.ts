import { Backtest } from './backtest';

/**
 * Summaries of walk-forward forecasts. `forecasts` is always aligned with `backtest.folds` (null = no forecast
 * at that origin), so members, the combination and a selected member are all scored the same way.
 */
export type FoldForecasts = Array<number[] | null>;

/**
 * Mean absolute error over every scored point, each divided by its fold's MASE scale (a pooled MASE).
 * Pooling points rather than averaging per-fold ratios keeps a fold with two scored points from counting as
 * much as one with twelve. `folds` is the number of origins that contributed at least one point.
 * With `block` > 1 the error is that of the sums over consecutive blocks of `block` steps (per scored step):
 * on daily demand a buyer orders for weeks, not for a day, and a day's Poisson noise (the same for every
 * member) would otherwise drown the level errors that tell members apart.
 */
export function pooledScaledError(
  backtest: Backtest,
  forecasts: FoldForecasts,
  block = 1,
): { error: number; folds: number; points: number } {
  if (!(Number.isInteger(block) && block >= 1))
    throw new Error(`pooledScaledError: block must be a positive integer, got ${block}`);
  let total = 0;
  let points = 0;
  let folds = 0;
  backtest.folds.forEach((fold, f) => {
    const forecast = forecasts[f];
    if (!forecast) return;
    let here = 0;
    // Steps [b, b + block): the error of their scored sum, so that over a block noise that cancels does not
    // count and a bias of the level does (block 1: the plain per-step error).
    for (let b = 0; b < fold.scored.length; b += block) {
      let actual = 0;
      let predicted = 0;
      let scored = 0;
      for (let k = b; k < Math.min(b + block, fold.scored.length); k++)
        if (fold.scored[k]) {
          actual += fold.actual[k];
          predicted += forecast[k];
          scored++;
        }
      if (scored === 0) continue;
      total += Math.abs(actual - predicted) / fold.scale;
      here += scored;
    }
    if (here > 0) folds++;
    points += here;
  });
  return { error: points > 0 ? total / points : NaN, folds, points };
}

/**
 * The weighted combination of members' fold forecasts. Where some members have no forecast at an origin, the
 * others' weights are renormalised; where none has, the combination has none either.
 */
export function combineFolds(backtest: Backtest, weights: number[]): FoldForecasts {
  return backtest.folds.map((_, f) => {
    let mass = 0;
    const sum = new Array<number>(backtest.horizon).fill(0);
    backtest.members.forEach((m, i) => {
      const forecast = m.forecasts[f];
      if (!forecast || !(weights[i] > 0)) return;
      mass += weights[i];
      for (let k = 0; k < backtest.horizon; k++) sum[k] += weights[i] * forecast[k];
    });
    return mass > 0 ? sum.map((v) => v / mass) : null;
  });
}

/**
 * How far the members spread around their combination at each horizon step of the backtests: the root mean
 * square, over the folds that scored the step, of the members' weighted standard deviation around their
 * weighted mean (members without a forecast at a fold left out, the others' weights renormalised, as
 * combineFolds does); divided by the fold's scale when `scaled`. 0 at a step no fold scored. What the
 * conformal residuals already saw of the members' disagreement (FittedEnsemble.predict widens only by more).
 */
export function spreadByStep(backtest: Backtest, weights: number[], scaled: boolean): number[] {
  const squares = new Array<number>(backtest.horizon).fill(0);
  const counts = new Array<number>(backtest.horizon).fill(0);
  backtest.folds.forEach((fold, f) => {
    const present = backtest.members
      .map((m, i) => ({ forecast: m.forecasts[f], weight: weights[i] }))
      .filter((m): m is { forecast: number[]; weight: number } => !!m.forecast && m.weight > 0);
    const mass = present.reduce((s, m) => s + m.weight, 0);
    const unit = scaled ? fold.scale : 1;
    if (!(mass > 0) || !(unit > 0)) return;
    fold.scored.forEach((ok, k) => {
      if (!ok) return;
      const mean = present.reduce((s, m) => s + m.weight * m.forecast[k], 0) / mass;
      const variance = present.reduce((s, m) => s + m.weight * (m.forecast[k] - mean) ** 2, 0) / mass;
      if (!Number.isFinite(variance)) return;
      squares[k] += variance / (unit * unit);
      counts[k]++;
    });
  });
  return squares.map((s, k) => (counts[k] > 0 ? Math.sqrt(s / counts[k]) : 0));
}

/**
 * Absolute errors by horizon step (index 0 = one step ahead) over scored points; divided by the fold's scale
 * when `scaled`. The calibration set of the conformal intervals.
 */
export function residualsByStep(backtest: Backtest, forecasts: FoldForecasts, scaled: boolean): number[][] {
  const byStep: number[][] = Array.from({ length: backtest.horizon }, () => []);
  backtest.folds.forEach((fold, f) => {
    const forecast = forecasts[f];
    if (!forecast) return;
    fold.scored.forEach((ok, k) => {
      if (ok) byStep[k].push(Math.abs(fold.actual[k] - forecast[k]) / (scaled ? fold.scale : 1));
    });
  });
  return byStep.map((r) => r.sort((a, b) => a - b));
}
