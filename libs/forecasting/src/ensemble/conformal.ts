import { zForLevel } from '../core/stats';

/**
 * Split-conformal prediction intervals from walk-forward residuals.
 *
 * The calibration set of horizon step k is the absolute errors |y − ŷ| that the ensemble made k steps after each
 * backtest origin. For a level L the half-width is the order statistic at position (n+1)·L/100 of those n
 * residuals, interpolated between its two neighbours: the k-th smallest covers a new exchangeable error with
 * probability k/(n+1), so this position covers L/100 on average (the textbook rank ⌈(n+1)·L/100⌉ guarantees
 * at least L/100, which with a handful of residuals means up to L/100 + 1/(n+1)).
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
  // Position (n+1)·L of the order statistics, interpolated between its neighbours: the k-th smallest of n
  // exchangeable residuals covers a new one with probability k/(n+1), so position (n+1)·L covers L on
  // average. The conservative rank ⌈(n+1)·L⌉ would cover up to L + 1/(n+1): 86 % instead of 80 % with the
  // six residuals a short backtest gives.
  const position = ((n + 1) * level) / 100;
  if (position <= n + 1e-9) {
    const below = Math.max(1, Math.floor(position + 1e-9));
    const fraction = Math.max(0, position - below);
    const upper = sortedPool[Math.min(n, below + 1) - 1];
    return sortedPool[below - 1] + fraction * (upper - sortedPool[below - 1]);
  }
  const flat = all.flat();
  const rmse = Math.sqrt(flat.reduce((s, r) => s + r * r, 0) / flat.length);
  return zForLevel(level) * rmse;
}
