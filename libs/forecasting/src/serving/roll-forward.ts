import { Forecast } from '../core/types';

/**
 * Moving a forecast's origin forward without refitting ("update origin").
 *
 * A champion model is fitted up to its origin O and can only forecast from there. When actuals for
 * the days O+1 … O+k arrive, the forecast from the new origin O+k is the model's own forecast for
 * steps k+1 … k+H, multiplied by a level correction learned from how the model did on the k days
 * it has now seen: g = 1 + w·(r − 1), with r = (A + c) / (P + c) the ratio of the actuals to the
 * forecasts over the last m = min(k, window) days, w = m / (m + shrinkDays) (a day of evidence
 * moves the level little, a month of it most of the way) and c a small pseudo-count that keeps r
 * sane on near-zero sales; g is clamped to [1/maxFactor, maxFactor]. Intervals scale with the
 * mean. This is error feedback on the level (as exponential smoothing updates its level), applied
 * to any model, ensembles and tree members included; the model itself is unchanged until the next
 * training replaces it.
 */
export interface RollForwardOptions {
  /** Most recent days the correction looks at (default 28). */
  window?: number;
  /** Days of evidence at which the correction counts half (default 14). */
  shrinkDays?: number;
  /** Largest factor either way (default 3). */
  maxFactor?: number;
}

export interface RolledForecast extends Forecast {
  /** The level factor applied (1 = none). */
  factor: number;
}

/**
 * `forecast` is the model's forecast of length ≥ k + horizon from its own origin; `actuals` the k
 * observed days after that origin, oldest first (a day without sales is 0). Returns the forecast
 * of the `horizon` days after the last actual. Pure.
 */
export function rollForward(
  forecast: Forecast,
  actuals: readonly number[],
  horizon: number,
  options: RollForwardOptions = {},
): RolledForecast {
  const k = actuals.length;
  if (forecast.mean.length < k + horizon)
    throw new RangeError(`rollForward: need ${k + horizon} forecast steps, got ${forecast.mean.length}`);
  const window = options.window ?? 28;
  const shrink = options.shrinkDays ?? 14;
  const maxFactor = options.maxFactor ?? 3;
  let factor = 1;
  const m = Math.min(k, window);
  if (m > 0) {
    let a = 0;
    let p = 0;
    for (let i = k - m; i < k; i++) {
      if (Number.isFinite(actuals[i])) a += Math.max(0, actuals[i]);
      p += Math.max(0, forecast.mean[i]);
    }
    const c = Math.max(1, 0.05 * p);
    const r = (a + c) / (p + c);
    const w = m / (m + shrink);
    factor = Math.min(maxFactor, Math.max(1 / maxFactor, 1 + w * (r - 1)));
  }
  const slice = (v: readonly number[]) => v.slice(k, k + horizon).map((x) => x * factor);
  const intervals: Forecast['intervals'] = {};
  for (const [level, iv] of Object.entries(forecast.intervals))
    intervals[Number(level)] = { lower: slice(iv.lower), upper: slice(iv.upper) };
  return { mean: slice(forecast.mean), intervals, factor };
}
