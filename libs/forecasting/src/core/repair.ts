import { disruptionMask } from './events';
import { Capabilities, FitContext, Series } from './types';

/**
 * Filling disruption windows and missing observations, for models that cannot skip them
 * (`capabilities.handlesMissing = false`: exponential smoothing, theta, STL, the baselines).
 *
 * Method: a *level-scaled seasonal naive* per gap. A gap is a maximal run of indices that are masked
 * (inside a disruption window) or not finite. For a gap [a, b):
 *  1. Seasonal pattern p(t): the value one (or more) whole seasons earlier, taken from the last full
 *     season before the gap, relative to that season's mean level L (p = y[src] / L, or y[src] − L
 *     for an additive series). When there is no usable history before the gap (the series starts with
 *     it), the first season after the gap is the source instead. With period ≤ 1, p is neutral.
 *  2. Level: L on the left (mean of the clean observations in the season before the gap) and R on the
 *     right (mean of the first season of clean observations after the gap, each de-seasonalised with p,
 *     so that a short run after a reopening still gives a fair level). A gap at either end takes the
 *     other side's level. The level moves linearly from L to R across the gap.
 *  3. Fill = level(t) · p(t) (multiplicative, used when every clean observation is > 0) or
 *     level(t) + p(t) (additive otherwise); a series that is never negative is never filled below 0.
 * It is deliberately simple and local: the aim is a plausible in-sample path so that level, trend and
 * seasonal states are not dragged to zero by a shutdown, not a forecast of what would have happened
 * (that is the recovery model's job).
 */
export function repairSeries(
  y: readonly number[],
  mask: readonly boolean[] | undefined,
  seasonPeriod: number,
): number[] {
  const n = y.length;
  if (mask && mask.length !== n)
    throw new Error(`repairSeries: mask has ${mask.length} entries, series has ${n}`);
  const bad = (i: number) => !Number.isFinite(y[i]) || (mask?.[i] ?? false);
  const clean: number[] = [];
  for (let i = 0; i < n; i++) if (!bad(i)) clean.push(y[i]);
  if (clean.length === 0) throw new Error('repairSeries: no usable observation (all masked or missing)');

  const m = Math.max(1, Math.floor(seasonPeriod));
  const multiplicative = clean.every((v) => v > 0);
  const nonNegative = clean.every((v) => v >= 0);
  const out = y.slice();

  for (let a = 0; a < n; a++) {
    if (!bad(a)) continue;
    let b = a;
    while (b < n && bad(b)) b++;
    fillGap(y, out, a, b, m, bad, multiplicative);
    if (nonNegative) for (let t = a; t < b; t++) out[t] = Math.max(0, out[t]);
    a = b;
  }
  return out;
}

/** Fills out[a..b) (see repairSeries). `out` already holds repaired values before a. */
function fillGap(
  y: readonly number[],
  out: number[],
  a: number,
  b: number,
  m: number,
  bad: (i: number) => boolean,
  multiplicative: boolean,
): void {
  const n = y.length;
  // The source season: the m indices before the gap (repaired values allowed), or after it at the start.
  const before = a >= 1;
  const srcStart = before ? Math.max(0, a - m) : b;
  const srcEnd = before ? a : Math.min(n, b + m);
  const srcValues: number[] = [];
  // Before the gap everything is already repaired; after it, skip what is still missing or masked.
  for (let i = srcStart; i < srcEnd; i++) if (i < a || !bad(i)) srcValues.push(out[i]);
  const srcLevel = srcValues.reduce((s, v) => s + v, 0) / Math.max(1, srcValues.length);
  const usePattern = m > 1 && srcEnd - srcStart === m && srcValues.length === m;
  const useRatio = multiplicative && srcLevel > 0;

  /** Seasonal pattern at index t relative to the source season's level (neutral without a full season). */
  const pattern = (t: number): number => {
    const neutral = useRatio ? 1 : 0;
    if (!usePattern) return neutral;
    const src = srcStart + ((((t - srcStart) % m) + m) % m);
    const v = out[src];
    if (!Number.isFinite(v)) return neutral;
    return useRatio ? v / srcLevel : v - srcLevel;
  };
  const deseason = (t: number, v: number) => (useRatio ? v / Math.max(pattern(t), 1e-9) : v - pattern(t));

  const left = before ? srcLevel : NaN;
  const rightPoints: number[] = [];
  for (let t = b; t < n && rightPoints.length < m; t++) if (!bad(t)) rightPoints.push(deseason(t, y[t]));
  const right = rightPoints.length > 0 ? rightPoints.reduce((s, v) => s + v, 0) / rightPoints.length : NaN;
  const lvLeft = Number.isFinite(left) ? left : right;
  const lvRight = Number.isFinite(right) ? right : lvLeft;

  for (let t = a; t < b; t++) {
    const level = lvLeft + ((lvRight - lvLeft) * (t - a + 1)) / (b - a + 1);
    out[t] = useRatio ? level * pattern(t) : level + pattern(t);
  }
}

/** Indices that repairSeries would fill: masked by a disruption or not finite. */
export function missingOrMasked(
  series: Pick<Series, 'y'>,
  context: Pick<FitContext, 'disruptions'>,
): boolean[] {
  const mask = disruptionMask(series.y.length, context.disruptions);
  return series.y.map((v, i) => mask[i] || !Number.isFinite(v));
}

/**
 * The series a model should see. A model that reads disruptions (`readsDisruptions`) gets the observations
 * unchanged. A model that handles missing values gets the observations with every
 * disruption window set to NaN (so it masks them instead of learning a shutdown as demand); any other
 * model gets the repaired series (see repairSeries), with no NaN left. Exogenous regressors are kept.
 */
export function prepareForModel(
  series: Series,
  context: Pick<FitContext, 'disruptions' | 'seasonPeriod'>,
  capabilities: Pick<Capabilities, 'handlesMissing' | 'readsDisruptions'>,
): Series {
  // A model that models the windows itself (readsDisruptions, which implies handlesMissing) gets them as they are.
  if (capabilities.readsDisruptions && capabilities.handlesMissing) return series;
  const mask = disruptionMask(series.y.length, context.disruptions);
  const y = capabilities.handlesMissing
    ? series.y.map((v, i) => (mask[i] ? NaN : v))
    : repairSeries(series.y, mask, context.seasonPeriod);
  return { ...series, y };
}
