import { dateAt, parseDate } from '../core/calendar';
import { disruptionMask } from '../core/events';
import { FitContext, IndexWindow, Series } from '../core/types';

/**
 * What the history makes plausible, applied to every member's forecast and to the combination:
 *
 * - **A cap**: no forecast block (a week on daily series, a step otherwise) may average more than CAP_MULTIPLE
 *   times the series' recent peak: the highest mean over PEAK_SPAN consecutive steps of demand (four weeks on
 *   daily series, one step otherwise) within the last PEAK_LOOKBACK steps (a year). A SKU that sold 1,830
 *   units in ten days after a quiet month has a four-week peak of ~70 a day, so no member can turn the burst
 *   into 700 a day; a real seasonal peak of last year stays reachable (twice its level). A member capped this
 *   way is extrapolating, and the ensemble widens the intervals by the members' disagreement (see
 *   FittedEnsemble), so the band says so.
 * - **Closed days**: weekdays the shop does not trade on (`FitContext.closedWeekdays`, daily series) forecast
 *   0, and their share of each week moves to the open days of that week (a member without a weekday profile
 *   spreads a week's demand over seven days; the shop sells it on the open ones). Declared closures
 *   (`FitContext.closures`) forecast 0 and nothing moves: the demand of a closed week is lost, mostly. So does
 *   everything from a SKU's planned end of sale on (`FitContext.endOfSale`).
 */
export const CAP_MULTIPLE = 2;

export interface ForecastGuards {
  /** Largest plausible mean per step (per day on daily series); Infinity when the history has no demand. */
  cap: number;
  /** Steps averaged before the cap is applied (7 on daily series: the weekday pattern is kept). */
  block: number;
  /** getUTCDay() of step 1 (daily series), for closed weekdays. */
  firstWeekday?: number;
  closedWeekdays?: number[];
  /** Declared closures as step windows (0 = step 1). */
  closedSteps?: IndexWindow[];
}

const PEAK_SPAN: Record<Series['freq'], number> = {
  daily: 28,
  weekly: 4,
  monthly: 1,
  quarterly: 1,
  yearly: 1,
};
const PEAK_LOOKBACK: Record<Series['freq'], number> = {
  daily: 365,
  weekly: 52,
  monthly: 24,
  quarterly: 8,
  yearly: 3,
};

/** The recent peak: the highest mean of `span` consecutive steps of demand in the last `lookback` steps. */
export function recentPeak(
  y: readonly number[],
  masked: readonly boolean[],
  span: number,
  lookback: number,
): number {
  const from = Math.max(0, y.length - lookback);
  const ok = (i: number) => !masked[i] && Number.isFinite(y[i]);
  const usable: number[] = [];
  for (let i = from; i < y.length; i++) if (ok(i)) usable.push(y[i]);
  if (usable.length === 0) return NaN;
  const width = Math.min(span, usable.length);
  let sum = 0;
  let peak = -Infinity;
  for (let i = 0; i < usable.length; i++) {
    sum += usable[i];
    if (i >= width) sum -= usable[i - width];
    if (i >= width - 1) peak = Math.max(peak, sum / width);
  }
  return peak;
}

/** The guards of a series fitted up to its last observation. */
export function guardsFor(series: Series, context: FitContext): ForecastGuards {
  const masked = disruptionMask(series.y.length, context.disruptions);
  const peak = recentPeak(series.y, masked, PEAK_SPAN[series.freq], PEAK_LOOKBACK[series.freq]);
  const guards: ForecastGuards = {
    cap: Number.isFinite(peak) && peak > 0 ? CAP_MULTIPLE * peak : Number.isFinite(peak) ? 0 : Infinity,
    block: series.freq === 'daily' ? 7 : 1,
  };
  const n = series.y.length;
  if (series.freq === 'daily' && n > 0) {
    guards.firstWeekday = (parseDate(dateAt(series, n - 1)).getUTCDay() + 1) % 7;
    const closed = (context.closedWeekdays ?? []).filter((d) => Number.isInteger(d) && d >= 0 && d < 7);
    if (closed.length > 0 && closed.length < 7) guards.closedWeekdays = [...new Set(closed)].sort();
  }
  // from the end of sale on, for good
  const ended = Number.isFinite(context.endOfSale)
    ? [{ start: context.endOfSale!, end: Number.MAX_SAFE_INTEGER }]
    : [];
  const future = [...(context.closures ?? []), ...ended]
    .filter((w) => w.end > n)
    .map((w) => ({ start: Math.max(0, w.start - n), end: w.end - n }));
  if (future.length > 0) guards.closedSteps = future;
  return guards;
}

/** Scales down every block of `mean` whose average exceeds the cap (in place); returns the scale per step. */
export function capPath(mean: number[], guards: Pick<ForecastGuards, 'cap' | 'block'>): number[] {
  const scale = new Array<number>(mean.length).fill(1);
  if (!Number.isFinite(guards.cap)) return scale;
  for (let b = 0; b < mean.length; b += guards.block) {
    const end = Math.min(mean.length, b + guards.block);
    let sum = 0;
    for (let k = b; k < end; k++) sum += mean[k];
    const average = sum / (end - b);
    if (average > guards.cap) {
      const f = guards.cap > 0 ? guards.cap / average : 0;
      for (let k = b; k < end; k++) {
        mean[k] *= f;
        scale[k] = f;
      }
    }
  }
  return scale;
}

/** true at the steps the shop is closed (closed weekdays and declared closures). */
export function closedMask(horizon: number, guards: ForecastGuards): boolean[] {
  const closed = new Array<boolean>(horizon).fill(false);
  if (guards.closedWeekdays && guards.firstWeekday !== undefined) {
    const set = new Set(guards.closedWeekdays);
    for (let k = 0; k < horizon; k++) if (set.has((guards.firstWeekday + k) % 7)) closed[k] = true;
  }
  for (const w of guards.closedSteps ?? [])
    for (let k = Math.max(0, w.start); k < Math.min(horizon, w.end); k++) closed[k] = true;
  return closed;
}

/**
 * Zeroes the closed steps of `mean` (in place). A closed weekday's units move to the open days of its week
 * (blocks of 7 from step 1), in proportion to them; a declared closure's are dropped.
 * Returns the factor applied to each step (0 on closed steps).
 */
export function applyClosures(mean: number[], guards: ForecastGuards): number[] {
  const factor = new Array<number>(mean.length).fill(1);
  const closed = closedMask(mean.length, guards);
  if (!closed.some(Boolean)) return factor;
  const declared = closedMask(mean.length, { ...guards, closedWeekdays: undefined });
  for (let b = 0; b < mean.length; b += 7) {
    const end = Math.min(mean.length, b + 7);
    let moved = 0;
    let open = 0;
    for (let k = b; k < end; k++) {
      if (closed[k] && !declared[k]) moved += Math.max(0, mean[k]);
      else if (!closed[k]) open += Math.max(0, mean[k]);
    }
    const boost = open > 0 ? (open + moved) / open : 1;
    for (let k = b; k < end; k++) {
      factor[k] = closed[k] ? 0 : boost;
      mean[k] *= factor[k];
    }
  }
  return factor;
}
