import { zForLevel } from '../core/stats';

/**
 * Split-conformal prediction intervals from walk-forward residuals.
 *
 * The calibration set of horizon step k is the absolute errors |y − ŷ| that the ensemble made k steps after each
 * backtest origin. For a level L the half-width is the ⌈(n+1)·L/100⌉-th smallest of those n residuals, which
 * covers a new error with probability >= L/100 when errors are exchangeable.
 *
 * A walk-forward backtest has few origins (3 by default), so a single step has too few residuals for a useful
 * quantile (a 95 % quantile needs n >= 19). The calibration set of step k is therefore pooled with its
 * neighbours k±1, k±2, … until it holds n >= ⌈L/(100−L)⌉ residuals (4 for 80 %, 19 for 95 %). Errors grow with
 * the step, so pooling slightly widens the first steps and narrows the last ones; it is the price of a finite
 * quantile. When even all steps together are too few, the half-width is z_L·RMSE of all residuals (a normal
 * approximation), and steps past the calibrated horizon grow from the last one by √(k/H).
 *
 * 'scaled' mode stores residuals divided by the MASE scale of their training window and multiplies them back by
 * the scale of the full history, which follows a series whose level moved since the backtest origins.
 */
export interface ConformalCalibration {
  mode: 'absolute' | 'scaled';
  /** Multiplier applied to stored residuals at prediction time (1 in absolute mode). */
  scale: number;
  /** Residuals by horizon step (index 0 = one step ahead), each list sorted ascending. */
  residuals: number[][];
  /**
   * The members' spread around the combination at each step of the backtests the residuals come from
   * (scoring.ts spreadByStep, in the residuals' units): the disagreement the residuals already include.
   * Absent in models stored before it (every bit of the members' spread then widens the intervals).
   */
  spread?: number[];
}

/**
 * The members' spread at `step` that the calibration already saw, in the forecast's units (0 without one);
 * steps past the calibrated horizon use the last one.
 */
export function seenSpread(calibration: ConformalCalibration, step: number): number {
  const spread = calibration.spread;
  if (!spread?.length) return 0;
  const seen = spread[Math.min(step, spread.length - 1)];
  return Number.isFinite(seen) && seen > 0 ? seen * calibration.scale : 0;
}

/** Minimum calibration-set size for which the split-conformal quantile at `level` is finite. */
export function minResiduals(level: number): number {
  return Math.ceil(level / (100 - level) - 1e-9);
}

export function hasResiduals(calibration: ConformalCalibration): boolean {
  return calibration.residuals.some((r) => r.length > 0);
}

/** Interval half-widths for steps 1..horizon at one level (0 < level < 100). */
export function conformalHalfWidths(
  calibration: ConformalCalibration,
  horizon: number,
  level: number,
): number[] {
  if (!(level > 0 && level < 100)) throw new Error(`interval level must be in (0, 100), got ${level}`);
  const steps = calibration.residuals.length;
  if (!hasResiduals(calibration)) throw new Error('conformal calibration has no residuals');
  const needed = minResiduals(level);
  const widths: number[] = [];
  for (let k = 0; k < horizon; k++) {
    const step = Math.min(k, steps - 1);
    const width = quantileOf(
      pooledResiduals(calibration.residuals, step, needed),
      level,
      calibration.residuals,
    );
    const growth = k >= steps ? Math.sqrt((k + 1) / steps) : 1;
    widths.push(width * growth * calibration.scale);
  }
  return widths;
}

/** Residuals of `step` and its nearest neighbours, widening until at least `needed` (or all steps) are in. */
function pooledResiduals(byStep: number[][], step: number, needed: number): number[] {
  const pool = [...byStep[step]];
  for (
    let radius = 1;
    pool.length < needed && (step - radius >= 0 || step + radius < byStep.length);
    radius++
  ) {
    if (step - radius >= 0) pool.push(...byStep[step - radius]);
    if (step + radius < byStep.length) pool.push(...byStep[step + radius]);
  }
  return pool.sort((a, b) => a - b);
}

function quantileOf(sortedPool: number[], level: number, all: number[][]): number {
  const n = sortedPool.length;
  const rank = Math.ceil(((n + 1) * level) / 100);
  if (rank <= n) return sortedPool[rank - 1];
  const flat = all.flat();
  const rmse = Math.sqrt(flat.reduce((s, r) => s + r * r, 0) / flat.length);
  return zForLevel(level) * rmse;
}
