import { acf } from '../../core/stats';

export type DecompositionType = 'additive' | 'multiplicative';

export interface ClassicalDecomposition {
  type: DecompositionType;
  period: number;
  /** Centred moving average (2×m MA for even m); NaN in the first and last half-window. */
  trend: number[];
  /** The seasonal figure repeated along the series (same length as y). */
  seasonal: number[];
  /** y − trend − seasonal, or y / (trend · seasonal). NaN where the trend is. */
  remainder: number[];
  /**
   * One seasonal index per position in the cycle, counted from the series' first observation
   * (figure[i] applies at t ≡ i mod period), normalised to mean 0 (additive) or 1 (multiplicative).
   */
  figure: number[];
}

/**
 * Classical decomposition, as R's `decompose`: a centred moving average of order `period` as trend,
 * the detrended series averaged per cycle position as seasonal figure, normalised. Needs at least two
 * full periods, and (multiplicative) a series with a positive trend wherever the trend is defined.
 */
export function classicalDecomposition(
  y: readonly number[],
  period: number,
  type: DecompositionType = 'additive',
): ClassicalDecomposition {
  const n = y.length;
  if (!Number.isInteger(period) || period < 2)
    throw new RangeError(`classicalDecomposition: period must be an integer ≥ 2, got ${period}`);
  if (n < 2 * period)
    throw new RangeError(`classicalDecomposition: needs at least 2 periods (${2 * period} points), got ${n}`);
  const trend = centredMovingAverage(y, period);
  const detrended = y.map((v, t) => (type === 'additive' ? v - trend[t] : v / trend[t]));
  const figure = new Array<number>(period).fill(0);
  for (let i = 0; i < period; i++) {
    let s = 0;
    let c = 0;
    for (let t = i; t < n; t += period)
      if (Number.isFinite(detrended[t])) {
        s += detrended[t];
        c++;
      }
    figure[i] = c > 0 ? s / c : NaN;
  }
  const centre = figure.reduce((a, b) => a + b, 0) / period;
  for (let i = 0; i < period; i++) figure[i] = type === 'additive' ? figure[i] - centre : figure[i] / centre;
  const seasonal = y.map((_, t) => figure[t % period]);
  const remainder = y.map((v, t) =>
    type === 'additive' ? v - trend[t] - seasonal[t] : v / (trend[t] * seasonal[t]),
  );
  return { type, period, trend, seasonal, remainder, figure };
}

/** Centred moving average of order m (a 2×m MA when m is even); NaN where the window does not fit. */
export function centredMovingAverage(y: readonly number[], m: number): number[] {
  const n = y.length;
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const out = new Array<number>(n).fill(NaN);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = -half; j <= half; j++) {
      const w = even && Math.abs(j) === half ? 0.5 : 1;
      s += w * y[t + j];
    }
    out[t] = s / m;
  }
  return out;
}

/**
 * The seasonality test of Assimakopoulos & Nikolopoulos as used by R's `forecast::thetaf` and the M4
 * benchmarks: seasonal when |r_m| exceeds the 90 % two-sided limit 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n).
 * Only tried when m > 1, the series is not constant and n > 2m (else: not seasonal).
 */
export function isSeasonal(y: readonly number[], period: number): boolean {
  const n = y.length;
  if (period <= 1 || n <= 2 * period) return false;
  if (y.every((v) => v === y[0])) return false;
  const r = acf(y, period);
  let s = 0;
  for (let k = 0; k < period - 1; k++) s += r[k] * r[k];
  const limit = 1.6448536269514722 * Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[period - 1]) > limit;
}

/**
 * Multiplicative seasonal adjustment when the series passes isSeasonal and is positive (the Naive2 and
 * Theta preprocessing): returns the adjusted series and the figure to reseasonalise forecasts with
 * (`seasonalIndexAt`), or the series unchanged with a neutral figure.
 */
export function multiplicativeSeasonalAdjustment(
  y: readonly number[],
  period: number,
): { adjusted: number[]; figure: number[]; seasonal: boolean } {
  if (isSeasonal(y, period) && y.every((v) => v > 0)) {
    const d = classicalDecomposition(y, period, 'multiplicative');
    // As forecast::thetaf: an index near zero would blow up the adjusted series; skip the adjustment then.
    if (d.figure.every((f) => Number.isFinite(f) && Math.abs(f) >= 1e-4))
      return { adjusted: y.map((v, t) => v / d.seasonal[t]), figure: d.figure, seasonal: true };
  }
  return { adjusted: y.slice(), figure: [1], seasonal: false };
}

/** Seasonal index of observation t (t ≥ n for forecasts) from a figure counted from the series' start. */
export function seasonalIndexAt(figure: readonly number[], t: number): number {
  return figure[t % figure.length];
}
