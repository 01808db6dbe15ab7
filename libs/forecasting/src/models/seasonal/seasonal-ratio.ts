import { addPeriods, dateAt, parseDate, periodsBetween } from '../../core/calendar';
import { disruptionMask, windowMask } from '../../core/events';
import { defineModel } from '../../core/model-support';
import { countDispersion, LogEstimate, shrinkTowardGroup, SINGLE_YEAR_SE2 } from '../../core/stats';
import { Capabilities, FitContext, ModelFitError } from '../../core/types';

/**
 * `seasonal_ratio`: the recipe a good buyer uses, as a fitted model. Daily series.
 *
 *   ŷ(t) = level × r(t) × w(weekday of t)
 *
 * - level: the weekday-adjusted mean of the base window's days that are demand (finite, outside disruptions
 *   and promotions); at least MIN_BASE of them, else the model refuses. It never extrapolates a trend, so a
 *   short burst moves it by at most its share of the window. The base window is the last BASE_DAYS days, or
 *   longer for a noisy series (`baseWindow`): four weeks of a SKU bought by the dozen hold few orders, and
 *   its level is then mostly noise.
 * - r(t): the yearly ratio "demand in t's calendar month against demand in the base window", from earlier
 *   years: the target's calendar month and the base window, both shifted back whole years,
 *   pooled over the most recent MAX_YEARS years in which both are ≥ 90 % demand and clear of every declared
 *   disruption (a shutdown year says nothing about the season).
 *   It is computed for the SKU and for its group (`FitContext.group`: the summed demand of its category,
 *   which usually has years of history when the SKU has none), and combined by empirical Bayes on the log
 *   scale: the group's ratio, itself shrunk toward 1 by its noise, is the prior; the SKU's own ratio pulls
 *   away from it by c = max(0, 1 − se² / d²), d its distance from the group's, se² the larger of the
 *   between-year variance over the years and the Poisson floor 1/Σwindow + 1/Σbase (units). A SKU with
 *   years of clear, consistent history keeps its own season; a new or sparse one takes its category's.
 * - w: the weekday profile of the last PROFILE_DAYS days, each weekday's rate shrunk toward the group's
 *   profile by PRIOR_UNITS pseudo-units (a sparse SKU does not get a Tuesday peak from two orders), mean 1.
 *
 * Intervals: none of its own; the ensemble calibrates conformal ones from backtests.
 */

export const BASE_DAYS = 28;
/** The longest base window (13 weeks), and the Poisson units it is lengthened to hold (a level to about 5 %). */
export const MAX_BASE_DAYS = 91;
export const BASE_UNITS = 400;
/** z beyond which the last BASE_DAYS days are taken to have moved away from the weeks before them. */
const SHIFT_Z = 2;
const MIN_BASE = 7;
const PROFILE_DAYS = 84;
const MAX_YEARS = 5;
const MIN_COVERAGE = 0.9;
const PRIOR_UNITS = 10;
/** Steps stored when the context does not say how far ahead the fit will be asked (a year). */
const DEFAULT_STEPS = 365;

const capabilities: Capabilities = {
  needsSeasonality: false,
  usesExogenous: false,
  minHistory: MIN_BASE,
  handlesMissing: true,
  nativeIntervals: false,
  yearlySeason: true,
};

export interface SeasonalRatioParams {
  level: number;
  /** Yearly ratio per step (index 0 = step 1); longer horizons repeat the last one. */
  ratios: number[];
  /** Weekday factors indexed by getUTCDay() (0 = Sunday), mean 1. */
  weekday: number[];
  /** getUTCDay() of step 1. */
  firstWeekday: number;
  /** Earlier years behind step 1's ratio: the SKU's own, and its group's. */
  years: { own: number; group: number };
  /** Days of the base window the level is the mean of (BASE_DAYS … MAX_BASE_DAYS; absent before it varied). */
  baseDays?: number;
}

interface History {
  y: readonly number[];
  start: string;
  /** true where y is not demand (disrupted, promoted or missing). */
  skip: readonly boolean[];
}

interface LogRatio extends LogEstimate {
  years: number;
}

/**
 * Pooled log ratios per step of demand around target index n−1+h against demand on `base` indices, in earlier
 * years. `end` = the index after which the forecast starts (history length as seen by the SKU).
 */
function yearlyLogRatios(
  h: History,
  end: number,
  base: readonly number[],
  steps: number,
): Array<LogRatio | undefined> {
  const { y, skip } = h;
  const n = Math.min(end, y.length);
  const lastDate = dateAt({ start: h.start, freq: 'daily' }, end - 1);
  const shifts: number[] = [];
  for (let k = 1; k <= MAX_YEARS + 3; k++) {
    const back = periodsBetween(h.start, addPeriods(lastDate, 'yearly', -k), 'daily');
    const shift = end - 1 - back;
    if (Math.min(...base) - shift < 0) break;
    shifts.push(shift);
  }
  const windowMean = (from: number, to: number, shift: number, only?: readonly number[]) => {
    let s = 0;
    let c = 0;
    let total = 0;
    const visit = (i: number) => {
      const j = i - shift;
      total++;
      if (j < 0 || j >= n) return false;
      if (!skip[j]) {
        s += y[j];
        c++;
      }
      return true;
    };
    if (only) {
      for (const i of only) if (!visit(i)) return undefined;
    } else for (let i = from; i < to; i++) if (!visit(i)) return undefined;
    if (c === 0 || c < MIN_COVERAGE * total) return undefined;
    return { mean: s / c, sum: s };
  };
  const baseByYear = shifts.map((shift) => windowMean(0, 0, shift, base));
  // The target window of a step is its calendar month (the buyer's unit, and what the forecast is judged on):
  // steps of the same month share one ratio.
  const byMonth = new Map<string, LogRatio | undefined>();
  const out: Array<LogRatio | undefined> = [];
  for (let step = 1; step <= steps; step++) {
    const t = end - 1 + step;
    const date = dateAt({ start: h.start, freq: 'daily' }, t);
    const month = date.slice(0, 7);
    if (!byMonth.has(month)) {
      const from = periodsBetween(h.start, `${month}-01`, 'daily');
      const to = periodsBetween(h.start, addPeriods(`${month}-01`, 'monthly', 1), 'daily');
      byMonth.set(month, monthRatio(from, to));
    }
    out.push(byMonth.get(month));
  }
  return out;

  function monthRatio(from: number, to: number): LogRatio | undefined {
    let wSum = 0;
    let bSum = 0;
    let wUnits = 0;
    let bUnits = 0;
    const logs: number[] = [];
    let years = 0;
    for (let k = 0; k < shifts.length && years < MAX_YEARS; k++) {
      const b = baseByYear[k];
      if (!b) continue;
      const w = windowMean(from, to, shifts[k]);
      if (!w) continue;
      years++;
      wSum += w.mean;
      bSum += b.mean;
      wUnits += w.sum;
      bUnits += b.sum;
      if (w.mean > 0 && b.mean > 0) logs.push(Math.log(w.mean / b.mean));
    }
    if (years === 0 || !(wSum > 0) || !(bSum > 0)) return undefined;
    let se2 = 1 / Math.max(wUnits, 1e-9) + 1 / Math.max(bUnits, 1e-9);
    if (logs.length >= 2) {
      const m = logs.reduce((a, v) => a + v, 0) / logs.length;
      const v = logs.reduce((a, x) => a + (x - m) ** 2, 0) / (logs.length - 1);
      se2 = Math.max(se2, v / logs.length);
    } else se2 = Math.max(se2, SINGLE_YEAR_SE2); // one year: no evidence the season repeats
    return { log: Math.log(wSum / bSum), se2, years };
  }
}

/** The group's history mapped onto the SKU: its own start and skip mask (the SKU's disruptions, shifted). */
function groupHistory(
  context: FitContext,
  start: string,
  n: number,
  masked: readonly boolean[],
): { h: History; offset: number } | undefined {
  const g = context.group;
  if (!g || g.y.length === 0) return undefined;
  const offset = periodsBetween(g.start, start, 'daily'); // group index of the SKU's index 0
  const end = Math.min(g.y.length, offset + n);
  if (end <= 0) return undefined;
  const skip = g.y.slice(0, end).map((v, j) => {
    const i = j - offset;
    return !Number.isFinite(v) || (i >= 0 && i < n && masked[i]);
  });
  return { h: { y: g.y.slice(0, end), start: g.start, skip }, offset };
}

/** Fits the seasonal-ratio model; exported for tests. */
export function fitSeasonalRatio(
  y: readonly number[],
  start: string,
  context: FitContext,
): SeasonalRatioParams {
  const name = 'seasonal_ratio';
  const n = y.length;
  const masked = disruptionMask(n, context.disruptions);
  const promoted = windowMask(n, context.promotions);
  const skip = y.map((v, i) => masked[i] || promoted[i] || !Number.isFinite(v));
  const lastWeekday = parseDate(dateAt({ start, freq: 'daily' }, n - 1)).getUTCDay();
  const weekdayAt = (i: number) => (((lastWeekday - (n - 1 - i)) % 7) + 7) % 7;
  const group = groupHistory(context, start, n, masked);

  // Weekday profile: the group's (mean 1) as the prior, the SKU's rates pulling away by their units.
  const profileOf = (h: History, end: number, first: number) => {
    const sums = new Array<number>(7).fill(0);
    const counts = new Array<number>(7).fill(0);
    const wd = (j: number) => (((lastWeekday - (end - 1 - j)) % 7) + 7) % 7;
    for (let j = Math.max(first, end - PROFILE_DAYS); j < end; j++)
      if (!h.skip[j]) {
        sums[wd(j)] += h.y[j];
        counts[wd(j)]++;
      }
    return { sums, counts };
  };
  let prior = new Array<number>(7).fill(1);
  if (group) {
    const g = profileOf(group.h, group.h.y.length, 0);
    const rates = g.sums.map((s, d) => (g.counts[d] > 0 ? s / g.counts[d] : NaN));
    const known = rates.filter(Number.isFinite);
    const m = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    if (m > 0) prior = rates.map((r) => (Number.isFinite(r) ? r / m : 1));
  }
  const own = profileOf({ y, start, skip }, n, 0);
  const totalUnits = own.sums.reduce((a, b) => a + b, 0);
  const totalDays = own.counts.reduce((a, b) => a + b, 0);
  const rate = totalDays > 0 ? totalUnits / totalDays : 0;
  const pseudoDays = rate > 0 ? Math.min(1000, PRIOR_UNITS / rate) : 1;
  const shrunk = own.sums.map((s, d) => (s + pseudoDays * prior[d] * rate) / (own.counts[d] + pseudoDays));
  const shrunkMean = shrunk.reduce((a, b) => a + b, 0) / 7;
  const weekday = shrunkMean > 0 ? shrunk.map((v) => v / shrunkMean) : prior.slice();

  // Recent level.
  const { days: baseDays, base } = baseWindow(y, skip);
  if (base.length < MIN_BASE)
    throw new ModelFitError(
      name,
      `only ${base.length} of the last ${BASE_DAYS} days are demand (at least ${MIN_BASE} needed)`,
    );
  const baseMean = base.reduce((s, i) => s + y[i], 0) / base.length;
  const baseWeekday = base.reduce((s, i) => s + weekday[weekdayAt(i)], 0) / base.length;
  const level = baseWeekday > 0 ? baseMean / baseWeekday : baseMean;

  // Yearly ratios: the group's as the prior, the SKU's own pulling away from it.
  const steps = Math.min(DEFAULT_STEPS, Math.max(1, context.maxHorizon ?? DEFAULT_STEPS));
  const ownRatios = yearlyLogRatios({ y, start, skip }, n, base, steps);
  const groupRatios = group
    ? yearlyLogRatios(
        group.h,
        group.offset + n,
        base.map((i) => i + group.offset),
        steps,
      )
    : [];
  const ratios: number[] = [];
  for (let k = 0; k < steps; k++) {
    ratios.push(Math.exp(shrinkTowardGroup(ownRatios[k], groupRatios[k])));
  }
  return {
    level,
    ratios,
    weekday,
    firstWeekday: (lastWeekday + 1) % 7,
    years: { own: ownRatios[0]?.years ?? 0, group: groupRatios[0]?.years ?? 0 },
    baseDays,
  };
}

/**
 * The days the level is measured on: the demand days (not `skip`) of the last BASE_DAYS days, or of a longer
 * window for a noisy series.
 *
 * A level's relative sd is about 1 / √(units / dispersion) (`countDispersion`): four weeks of a SKU that sells
 * 50 units a day one by one hold 1,400 Poisson units (a level to 3 %), four weeks of one that sells 50 a day
 * in orders of 40 hold 35 (to 17 %). The window is lengthened, up to MAX_BASE_DAYS, until it holds BASE_UNITS
 * Poisson units at the recent rate. A longer window lags a level that moves; so it is kept at BASE_DAYS when
 * the last BASE_DAYS days' rate differs from the rate of the longer window's earlier days by more than SHIFT_Z
 * standard errors (log scale, the dispersion's): a trend break, a launch ramp, a recovery still under way, or
 * a season turning inside the window. Where the window is kept long, what season lies between it and the
 * forecast is in the yearly ratios, which are measured on the same window years earlier.
 */
function baseWindow(
  y: readonly number[],
  skip: readonly boolean[],
): { days: number; base: number[] } {
  const n = y.length;
  const demandDays = (from: number, to: number) => {
    const days: number[] = [];
    for (let i = Math.max(0, from); i < to; i++) if (!skip[i]) days.push(i);
    return days;
  };
  const recent = demandDays(n - BASE_DAYS, n);
  const recentUnits = recent.reduce((s, i) => s + y[i], 0);
  const short = { days: BASE_DAYS, base: recent };
  if (recent.length < MIN_BASE || !(recentUnits > 0)) return short;
  const dispersion = countDispersion(y, (i) => !skip[i]);
  const rate = recentUnits / recent.length;
  const days = Math.min(MAX_BASE_DAYS, Math.round((BASE_UNITS * dispersion) / rate));
  if (days <= BASE_DAYS) return short;
  const earlier = demandDays(n - days, n - BASE_DAYS);
  if (earlier.length < MIN_BASE) return short;
  const earlierUnits = earlier.reduce((s, i) => s + y[i], 0);
  // half a unit on each side: an empty stretch is weak evidence of a much lower rate, not of log 0
  const shift = Math.log(
    ((recentUnits + 0.5) / recent.length) / ((earlierUnits + 0.5) / earlier.length),
  );
  const se = Math.sqrt(dispersion * (1 / (recentUnits + 0.5) + 1 / (earlierUnits + 0.5)));
  if (Math.abs(shift) > SHIFT_Z * se) return short;
  return { days, base: [...earlier, ...recent] };
}

export const seasonalRatioModel = defineModel<SeasonalRatioParams>({
  name: 'seasonal_ratio',
  family: 'statistical',
  capabilities,
  schemaVersion: 1,
  fit: (y, context, series) => {
    if (series.freq !== 'daily')
      throw new ModelFitError('seasonal_ratio', `daily series only (got ${series.freq})`);
    return fitSeasonalRatio(y, series.start, context);
  },
  forecast: (p, h) => ({
    mean: Array.from(
      { length: h },
      (_, k) => p.level * p.ratios[Math.min(k, p.ratios.length - 1)] * p.weekday[(p.firstWeekday + k) % 7],
    ),
    intervals: () => ({}),
  }),
});
