import { usablePairs } from './pairs';

/**
 * Interval and quantile metrics. Same input conventions as the point metrics (equal lengths, non-finite
 * positions skipped, NaN when nothing is usable). Coverage is a share in [0, 1].
 */

/** Share (0..1) of actuals inside their closed interval [lower, upper]. */
export function intervalCoverage(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): number {
  const idx = usablePairs('intervalCoverage', actual, lower, upper);
  if (idx.length === 0) return NaN;
  let inside = 0;
  for (const i of idx) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return inside / idx.length;
}

/** Mean width upper − lower (in the units of the series). */
export function intervalWidth(lower: readonly number[], upper: readonly number[]): number {
  const idx = usablePairs('intervalWidth', lower, upper);
  if (idx.length === 0) return NaN;
  let s = 0;
  for (const i of idx) s += upper[i] - lower[i];
  return s / idx.length;
}

/**
 * Mean interval (Winkler) score of central intervals with nominal coverage `level` percent
 * (Gneiting & Raftery 2007): width + (2/α)·distance outside, α = 1 − level/100. Lower is better; it
 * rewards narrow intervals only while they keep covering.
 */
export function intervalScore(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
  level: number,
): number {
  if (!(level > 0 && level < 100))
    throw new RangeError(`intervalScore: level must be in (0, 100), got ${level}`);
  const alpha = 1 - level / 100;
  const idx = usablePairs('intervalScore', actual, lower, upper);
  if (idx.length === 0) return NaN;
  let s = 0;
  for (const i of idx) {
    const y = actual[i];
    s += upper[i] - lower[i];
    if (y < lower[i]) s += (2 / alpha) * (lower[i] - y);
    if (y > upper[i]) s += (2 / alpha) * (y - upper[i]);
  }
  return s / idx.length;
}

/**
 * Mean pinball (quantile) loss of forecasts of the q-quantile, q ∈ (0, 1):
 * q·(y − f) when y ≥ f, (1 − q)·(f − y) otherwise.
 */
export function pinball(actual: readonly number[], quantileForecast: readonly number[], q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`pinball: q must be in (0, 1), got ${q}`);
  const idx = usablePairs('pinball', actual, quantileForecast);
  if (idx.length === 0) return NaN;
  let s = 0;
  for (const i of idx) {
    const d = actual[i] - quantileForecast[i];
    s += d >= 0 ? q * d : (q - 1) * d;
  }
  return s / idx.length;
}
