import { addPeriods, dateAt, parseDate, periodsBetween } from '../../core/calendar';
import { disruptionMask, windowMask } from '../../core/events';
import { defineModel } from '../../core/model-support';
import { Capabilities, ModelFitError } from '../../core/types';

/**
 * The yearly season of a daily series, as a buyer reads it: "July is usually x % above June".
 *
 *   ŷ(t) = level × r(t) × w(weekday of t)
 *
 * - level: the mean of the last BASE_DAYS days that are demand (finite, outside every declared disruption),
 *   divided by the mean weekday factor of those days. At least half of them must be demand, else the model
 *   refuses (just after a reopening the recovery model is the one to ask).
 * - r(t): how demand in the WINDOW_DAYS around t's calendar date compared, in earlier years, with demand
 *   on the same days as the base (both shifted back by whole calendar years). Pooled over the most recent
 *   MAX_YEARS years in which both windows are in the history, at least 90 % finite and outside every
 *   disruption (a shutdown year says nothing about the season). A year whose windows overlap a shutdown
 *   is skipped, not repaired.
 * - The pooled log ratio is shrunk toward 0 (ratio 1, "same as the recent level") by its own noise:
 *   c = max(0, 1 − se² / log(r)²), with se² the larger of the between-year variance of the per-year log
 *   ratios over their number and the Poisson floor 1/ΣW + 1/ΣB of the pooled window and base sums
 *   (units). A ratio that the years do not agree on, or that rests on a handful of units, moves the
 *   forecast little.
 * - w: the multiplicative day-of-week profile of the last PROFILE_DAYS days of demand (mean 1).
 *
 * Promotion days (FitContext.promotions) are left out of every mean, in the recent level and in past
 * years alike: a past July sale is not the July season, and a June deal is not the June level. The
 * uplift of a planned promotion in the horizon is not forecast here (members with promotion features do).
 *
 * The model is relative: a recovery's level shift does not bias it, since it only carries the season's
 * shape over. It is the engine's only daily member that knows the yearly season (the others see period 7).
 * Daily series only. Intervals: none of its own (the ensemble calibrates conformal ones from backtests).
 */

/** Days making up the recent level (four whole weeks, so every weekday counts the same). */
export const BASE_DAYS = 28;
/** Days of the calendar window around each target date (±14). */
export const WINDOW_DAYS = 29;
/** Days the weekday profile is taken from. */
export const PROFILE_DAYS = 84;
/** Earlier years pooled at most (the most recent qualifying ones: the season's shape drifts). */
export const MAX_YEARS = 5;
/** Steps for which ratios are stored; longer horizons repeat them (a year). */
const STORED_STEPS = 365;
/** Share of a window's days without a promotion that must be observed for a year to count. */
const MIN_COVERAGE = 0.9;
/** One year before the target, plus the base window. */
export const YEARLY_MIN_HISTORY = 365 + BASE_DAYS;

const capabilities: Capabilities = {
  needsSeasonality: false,
  usesExogenous: false,
  minHistory: YEARLY_MIN_HISTORY,
  handlesMissing: true,
  nativeIntervals: false,
  yearlySeason: true,
};

export interface YearlyRatioParams {
  /** Weekday-adjusted recent level. */
  level: number;
  /** Yearly ratio per step 1..365 (index 0 = step 1). */
  ratios: number[];
  /** Weekday factors indexed by getUTCDay() (0 = Sunday), mean 1. */
  weekday: number[];
  /** getUTCDay() of step 1. */
  firstWeekday: number;
  /** Earlier years that counted for step 1 (diagnostics). */
  years: number;
}

const weekdayOf = (iso: string) => parseDate(iso).getUTCDay();

/** Fits the yearly-ratio model on y (NaN where masked or missing); exported for tests. */
export function fitYearlyRatio(
  y: readonly number[],
  start: string,
  masked: readonly boolean[],
  promoted: readonly boolean[] = [],
): YearlyRatioParams {
  const name = 'yearly_ratio';
  const n = y.length;
  /** Regular demand: finite, outside disruptions and promotions (a promotion is not the season). */
  const usable = (i: number) => i >= 0 && i < n && !masked[i] && !promoted[i] && Number.isFinite(y[i]);

  // Weekday profile from the recent demand.
  const wdSum = new Array<number>(7).fill(0);
  const wdCount = new Array<number>(7).fill(0);
  const lastWeekday = weekdayOf(dateAt({ start, freq: 'daily' }, n - 1));
  const weekdayAt = (i: number) => (((lastWeekday - (n - 1 - i)) % 7) + 7) % 7;
  for (let i = Math.max(0, n - PROFILE_DAYS); i < n; i++)
    if (usable(i)) {
      wdSum[weekdayAt(i)] += y[i];
      wdCount[weekdayAt(i)]++;
    }
  const wdMean = wdSum.map((s, d) => (wdCount[d] > 0 ? s / wdCount[d] : NaN));
  const present = wdMean.filter(Number.isFinite);
  const overall = present.length ? present.reduce((a, b) => a + b, 0) / present.length : 0;
  const weekday = wdMean.map((m) => (overall > 0 && Number.isFinite(m) ? m / overall : 1));

  // Recent level over the base days that are demand.
  const base: number[] = [];
  for (let i = n - BASE_DAYS; i < n; i++) if (usable(i)) base.push(i);
  if (base.length < BASE_DAYS / 2)
    throw new ModelFitError(
      name,
      `only ${base.length} of the last ${BASE_DAYS} days are demand (a shutdown or a gap at the end)`,
    );
  const baseMean = base.reduce((s, i) => s + y[i], 0) / base.length;
  const baseWeekday = base.reduce((s, i) => s + weekday[weekdayAt(i)], 0) / base.length;
  const level = baseWeekday > 0 ? baseMean / baseWeekday : baseMean;

  // Index shift of each earlier calendar year (the same calendar date of the last observation).
  const lastDate = dateAt({ start, freq: 'daily' }, n - 1);
  const shifts: number[] = [];
  for (let k = 1; ; k++) {
    const back = periodsBetween(start, addPeriods(lastDate, 'yearly', -k), 'daily');
    const shift = n - 1 - back;
    if (n - BASE_DAYS - shift < 0) break;
    shifts.push(shift);
  }

  /** Mean of y over idx − shift when at least MIN_COVERAGE of those days are demand, with its sum. */
  const windowMean = (
    indices: readonly number[],
    shift: number,
  ): { mean: number; sum: number } | undefined => {
    let s = 0;
    let c = 0;
    let regular = 0;
    for (const i of indices) {
      const j = i - shift;
      if (j < 0 || j >= n) return undefined;
      if (masked[j]) return undefined; // a disrupted year says nothing about the season
      if (promoted[j]) continue;
      regular++;
      if (usable(j)) {
        s += y[j];
        c++;
      }
    }
    if (c === 0 || c < MIN_COVERAGE * regular) return undefined;
    return { mean: s / c, sum: s };
  };

  const baseByYear = shifts.map((shift) => windowMean(base, shift));
  const half = Math.floor(WINDOW_DAYS / 2);
  const ratios: number[] = [];
  let years0 = 0;
  for (let h = 1; h <= STORED_STEPS; h++) {
    const t = n - 1 + h;
    const target = Array.from({ length: WINDOW_DAYS }, (_, d) => t - half + d);
    let wSum = 0;
    let bSum = 0;
    let wUnits = 0;
    let bUnits = 0;
    const logs: number[] = [];
    let years = 0;
    for (let k = 0; k < shifts.length && years < MAX_YEARS; k++) {
      const b = baseByYear[k];
      if (!b) continue;
      const w = windowMean(target, shifts[k]);
      if (!w) continue;
      years++;
      wSum += w.mean;
      bSum += b.mean;
      wUnits += w.sum;
      bUnits += b.sum;
      if (w.mean > 0 && b.mean > 0) logs.push(Math.log(w.mean / b.mean));
    }
    if (h === 1) years0 = years;
    if (years === 0 || !(wSum > 0) || !(bSum > 0)) {
      if (h === 1)
        throw new ModelFitError(
          name,
          'no earlier year with the target and base windows in the history and outside declared disruptions',
        );
      ratios.push(ratios[h - 2]);
      continue;
    }
    const point = Math.log(wSum / bSum);
    let se2 = 1 / Math.max(wUnits, 1e-9) + 1 / Math.max(bUnits, 1e-9);
    if (logs.length >= 2) {
      const m = logs.reduce((a, v) => a + v, 0) / logs.length;
      const v = logs.reduce((a, x) => a + (x - m) ** 2, 0) / (logs.length - 1);
      se2 = Math.max(se2, v / logs.length);
    }
    const c = point !== 0 ? Math.max(0, 1 - se2 / (point * point)) : 0;
    ratios.push(Math.exp(c * point));
  }
  return { level, ratios, weekday, firstWeekday: (lastWeekday + 1) % 7, years: years0 };
}

/** Yearly ratio member (see the comment above). Daily series only. */
export const yearlyRatioModel = defineModel<YearlyRatioParams>({
  name: 'yearly_ratio',
  family: 'statistical',
  capabilities,
  schemaVersion: 1,
  fit: (y, context, series) => {
    if (series.freq !== 'daily')
      throw new ModelFitError('yearly_ratio', `daily series only (got ${series.freq})`);
    const promoted = windowMask(y.length, context.promotions);
    return fitYearlyRatio(y, series.start, disruptionMask(y.length, context.disruptions), promoted);
  },
  forecast: (p, h) => {
    const mean = Array.from(
      { length: h },
      (_, k) => p.level * p.ratios[k % p.ratios.length] * p.weekday[(p.firstWeekday + k) % 7],
    );
    return { mean, intervals: () => ({}) };
  },
});
