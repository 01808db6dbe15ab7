/**
 * Interval bounds of count data (whole units sold a day) as quantiles of a count.
 *
 * The engine's intervals are continuous: the conformal quantiles of its backtest residuals around the mean,
 * e.g. [0.7, 4.6] units. Daily unit sales are whole numbers, and a quantile of a whole-number variable Y is a
 * whole number: its p-quantile is the smallest n with P(Y ≤ n) ≥ p. Read the continuous band as the quantiles
 * of Y spread evenly over [n − ½, n + ½] (the continuity correction). Then P(Y ≤ n) is the continuous
 * distribution function at n + ½. So the p-quantile is the smallest n with n + ½ at or above the continuous
 * quantile q, i.e. ⌈q − ½⌉: each bound moves to the nearest whole unit (a half down). [0.7, 4.6] becomes
 * [1, 5].
 *
 * On whole-unit data, a band that covers 80 % on the continuous scale covers more once it is read in whole
 * units, as a perfect forecaster's p10–p90 does: on the generated retailers the noise-free oracle's
 * negative-binomial p10–p90 holds 89–92 % of the SKU-days. Rounded like this, the engine's bands cover
 * within about 2 points of the oracle's; left continuous, they covered 4.5–10 points less
 * (BENCHMARKS.md, "Daily bands in whole units").
 */

/** The p-quantile of a count from the continuous quantile `q`: the nearest whole number ≥ 0 (a half rounds down). */
export function countQuantile(q: number): number {
  return Number.isFinite(q) ? Math.max(0, Math.ceil(q - 0.5)) : q;
}

/**
 * Whether a history is count data: at least one finite value, and every finite value a whole number
 * (missing days, NaN, do not count against it). Unit sales net of returns are; a history in kilograms is not.
 */
export function isCountSeries(y: readonly number[]): boolean {
  let seen = false;
  for (const v of y) {
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v)) return false;
    seen = true;
  }
  return seen;
}
