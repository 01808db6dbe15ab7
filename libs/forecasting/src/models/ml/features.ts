import { dateAt, parseDate } from '../../core/calendar';
import { disruptionMask } from '../../core/events';
import { mean } from '../../core/stats';
import { FitContext, Frequency, Series } from '../../core/types';

/**
 * The design matrix of the tree models: one row per target index t, built ONLY from what is known
 * `minLag` steps before t. Row t reads the history at indices ≤ t − minLag, plus things known ahead of
 * time for t itself (its calendar date, promotions planned for it, future values of exogenous
 * regressors supplied in `FitContext.futureExog`). That is what makes a direct h-step model honest: the
 * same row function builds the training rows (t inside the history) and the forecast rows
 * (t = n − 1 + h with h ≤ minLag), and no training row can see its own target or anything after it.
 *
 * Level scaling: every value taken from the history (lags, rolling means and sds) and the target are
 * divided by the row's `scale`, the mean of the history over `levelWindow` steps ending at t − minLag.
 * Trees cannot extrapolate; ratios to the recent level can, so a series that doubled its sales (or one
 * recovering from a shutdown) is predicted at its current level, and one model serves a series whatever
 * its size (the same scaling lets a later global model pool many series).
 *
 * Disruptions: observations inside a shutdown window (and missing ones) are not demand. The features
 * read them as missing (NaN: a lag that falls in a shutdown is "unknown", rolling means skip it), never
 * as zero sales; `masked_share` says how much of the lookback was masked, and the caller excludes
 * masked targets from training (see `isTarget`). The history is deliberately NOT repaired here: a repair
 * interpolates towards the level after the gap, which a row near a reopening must not see.
 */

export interface FeatureLayout {
  freq: Frequency;
  period: number;
  /** Row t uses history at indices ≤ t − minLag only. */
  minLag: number;
  /** Lags (≥ minLag) whose scaled values are features: recent ones and seasonal ones. */
  lags: number[];
  /** Rolling windows (in steps) ending at t − minLag: scaled mean of each, scaled sd of the first and last. */
  windows: number[];
  /** Window of the level that scales the row. */
  levelWindow: number;
  /** Cap of the steps-since-reopening feature (also its value when there was no disruption before t). */
  reopenCap: number;
}

const WINDOWS: Record<Frequency, number[]> = {
  daily: [7, 28, 91],
  weekly: [4, 13, 52],
  monthly: [3, 12],
  quarterly: [4, 8],
  yearly: [3],
};

const REOPEN_CAP: Record<Frequency, number> = {
  daily: 365,
  weekly: 52,
  monthly: 24,
  quarterly: 8,
  yearly: 4,
};

/** The feature layout for rows that may use history up to `minLag` steps before their target. */
export function featureLayout(freq: Frequency, period: number, minLag: number): FeatureLayout {
  if (!Number.isInteger(minLag) || minLag < 1)
    throw new RangeError(`features: minLag must be an integer ≥ 1, got ${minLag}`);
  const m = Math.max(1, Math.round(period));
  const recent = Math.min(7, Math.max(3, m));
  const lags = new Set<number>();
  for (let k = 0; k < recent; k++) lags.add(minLag + k);
  if (m > 1) {
    // The next two seasonal lags that are still known at t − minLag (e.g. 7 and 14 for a 1-step daily row).
    const first = Math.ceil(minLag / m) * m;
    lags.add(first);
    lags.add(first + m);
  }
  if (freq === 'daily' && minLag <= 364) lags.add(364); // same weekday, a year ago
  const windows = WINDOWS[freq];
  return {
    freq,
    period: m,
    minLag,
    lags: [...lags].sort((a, b) => a - b),
    windows,
    levelWindow: windows.length > 1 ? windows[1] : windows[0],
    reopenCap: REOPEN_CAP[freq],
  };
}

/** Day-of-year position in [0, 1), for Fourier terms. */
function yearFraction(d: Date): number {
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  return (d.getTime() - startOfYear) / (365.25 * 86_400_000);
}

/** Black Friday: the day after the fourth Thursday of November. */
function blackFriday(year: number): number {
  const nov1 = new Date(Date.UTC(year, 10, 1));
  const firstThursday = 1 + ((4 - nov1.getUTCDay() + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 21 + 1);
}

/** Signed days from `d` to the nearest occurrence of a yearly event, clipped to ±`clip`. */
function daysToEvent(d: Date, eventIn: (year: number) => number, clip: number): number {
  const y = d.getUTCFullYear();
  let best = Infinity;
  for (const year of [y - 1, y, y + 1]) {
    const days = Math.round((eventIn(year) - d.getTime()) / 86_400_000);
    if (Math.abs(days) < Math.abs(best)) best = days;
  }
  return Math.max(-clip, Math.min(clip, best));
}

const christmas = (year: number) => Date.UTC(year, 11, 25);

/** Calendar features of a date, by frequency (names and values in the same order). */
function calendarFeatures(freq: Frequency): { names: string[]; values: (d: Date) => number[] } {
  const fourier = (d: Date, k: number) => {
    const a = 2 * Math.PI * k * yearFraction(d);
    return [Math.sin(a), Math.cos(a)];
  };
  switch (freq) {
    case 'daily':
      return {
        names: [
          'day_of_week',
          'day_of_month',
          'month',
          'year_sin1',
          'year_cos1',
          'year_sin2',
          'year_cos2',
          'days_to_christmas',
          'days_to_black_friday',
        ],
        values: (d) => [
          d.getUTCDay(),
          d.getUTCDate(),
          d.getUTCMonth() + 1,
          ...fourier(d, 1),
          ...fourier(d, 2),
          daysToEvent(d, christmas, 45),
          daysToEvent(d, blackFriday, 21),
        ],
      };
    case 'weekly':
      return {
        names: [
          'year_sin1',
          'year_cos1',
          'year_sin2',
          'year_cos2',
          'weeks_to_christmas',
          'weeks_to_black_friday',
        ],
        values: (d) => [
          ...fourier(d, 1),
          ...fourier(d, 2),
          Math.round(daysToEvent(d, christmas, 70) / 7),
          Math.round(daysToEvent(d, blackFriday, 35) / 7),
        ],
      };
    case 'monthly':
      return {
        names: ['month', 'year_sin1', 'year_cos1'],
        values: (d) => [d.getUTCMonth() + 1, ...fourier(d, 1)],
      };
    case 'quarterly':
      return { names: ['quarter'], values: (d) => [Math.floor(d.getUTCMonth() / 3) + 1] };
    case 'yearly':
      return { names: [], values: () => [] };
  }
}

/** Prefix sums of the finite values of a series: O(1) mean and sd over any index window. */
class PrefixSums {
  private readonly sums = [0];
  private readonly squares = [0];
  private readonly counts = [0];

  constructor(values: readonly number[]) {
    for (const v of values) {
      const ok = Number.isFinite(v);
      this.sums.push(this.sums[this.sums.length - 1] + (ok ? v : 0));
      this.squares.push(this.squares[this.squares.length - 1] + (ok ? v * v : 0));
      this.counts.push(this.counts[this.counts.length - 1] + (ok ? 1 : 0));
    }
  }

  /** Mean, sample sd and count of the finite values at indices [from, to] (clipped to the series). */
  window(from: number, to: number): { mean: number; sd: number; count: number } {
    const a = Math.max(0, from);
    const b = Math.min(this.counts.length - 2, to);
    if (b < a) return { mean: NaN, sd: NaN, count: 0 };
    const count = this.counts[b + 1] - this.counts[a];
    const sum = this.sums[b + 1] - this.sums[a];
    const mean = count > 0 ? sum / count : NaN;
    const ss = this.squares[b + 1] - this.squares[a] - count * mean * mean;
    return { mean, sd: count > 1 ? Math.sqrt(Math.max(0, ss) / (count - 1)) : NaN, count };
  }
}

/**
 * Builds feature rows for one series. Rows are computed on demand (`row(t)`), for any t ≥ 0 including
 * the forecast steps t ≥ y.length (as long as t − minLag < y.length). NaN marks a feature that the
 * history is too short to give.
 */
export class FeatureBuilder {
  readonly names: string[];
  /** The history the features read: the observations, NaN inside disruption windows and gaps. */
  private readonly history: number[];
  /** true where the observation is not demand (inside a disruption window, or missing). */
  private readonly masked: boolean[];
  private readonly historySums: PrefixSums;
  private readonly absSums: PrefixSums;
  private readonly maskedSums: PrefixSums;
  private readonly exogSums: Record<string, PrefixSums> = {};
  private readonly reopenings: number[];
  private readonly calendar: ReturnType<typeof calendarFeatures>;
  private readonly exogNow: string[];
  private readonly exogLagged: string[];

  constructor(
    private readonly series: Series,
    private readonly context: FitContext,
    readonly layout: FeatureLayout,
  ) {
    const n = series.y.length;
    const mask = disruptionMask(n, context.disruptions);
    this.masked = series.y.map((v, i) => mask[i] || !Number.isFinite(v));
    this.history = series.y.map((v, i) => (this.masked[i] ? NaN : v));
    this.historySums = new PrefixSums(this.history);
    this.absSums = new PrefixSums(this.history.map(Math.abs));
    this.maskedSums = new PrefixSums(this.masked.map(Number));
    this.reopenings = (context.disruptions ?? []).map((d) => d.window.end).sort((a, b) => a - b);
    this.calendar = calendarFeatures(series.freq);
    const exogKeys = Object.keys(series.exog ?? {}).sort();
    this.exogNow = exogKeys.filter((k) => context.futureExog?.[k] !== undefined);
    this.exogLagged = exogKeys.filter((k) => context.futureExog?.[k] === undefined);
    for (const k of exogKeys) this.exogSums[k] = new PrefixSums(series.exog![k]);
    this.names = [
      ...layout.lags.map((k) => `lag_${k}`),
      ...layout.windows.map((w) => `mean_${w}`),
      `sd_${layout.windows[0]}`,
      ...(layout.windows.length > 1 ? [`sd_${layout.windows[layout.windows.length - 1]}`] : []),
      'masked_share',
      'steps_since_reopening',
      'promotion',
      ...this.calendar.names,
      ...this.exogNow.flatMap((k) => [k, `${k}_relative`]),
      ...this.exogLagged.map((k) => `${k}_recent_mean`),
    ];
  }

  /** Whether y[t] can be a training target: observed, finite and not inside a disruption window. */
  isTarget(t: number): boolean {
    return t >= 0 && t < this.series.y.length && !this.masked[t];
  }

  /**
   * The level dividing row t's history features and its target: the mean of the last `levelWindow`
   * observed (unmasked) values at or before t − minLag, so that right after a long shutdown it still
   * rests on real sales.
   */
  scale(t: number): number {
    const end = Math.min(t - this.layout.minLag, this.history.length - 1);
    const values: number[] = [];
    for (let i = end; i >= 0 && values.length < this.layout.levelWindow; i--)
      if (Number.isFinite(this.history[i])) values.push(this.history[i]);
    const level = Math.abs(mean(values));
    // Floor: 5 % of the mean absolute level so far, so that a run of zero sales does not divide by ~0.
    const soFar = this.absSums.window(0, end);
    const floor = soFar.count > 0 ? Math.max(1e-9, 0.05 * soFar.mean) : 1;
    return level > floor ? level : floor;
  }

  /** Features of target index t, in the order of `names`. */
  row(t: number): number[] {
    const { layout, history } = this;
    const end = t - layout.minLag; // the last history index row t may read
    if (end >= history.length)
      throw new RangeError(
        `features: row ${t} needs history up to ${end}, the series ends at ${history.length - 1}`,
      );
    const s = this.scale(t);
    /** Scaled mean / sd of a full window of `w` steps ending at `end` (NaN when it starts before the data). */
    const win = (w: number) =>
      end - w + 1 >= 0 ? this.historySums.window(end - w + 1, end) : { mean: NaN, sd: NaN, count: 0 };
    const first = layout.windows[0];
    const last = layout.windows[layout.windows.length - 1];

    const out: number[] = [];
    for (const k of layout.lags) out.push(t - k >= 0 ? history[t - k] / s : NaN); // NaN stays NaN: masked = unknown
    for (const w of layout.windows) out.push(win(w).mean / s);
    out.push(win(first).sd / s);
    if (layout.windows.length > 1) out.push(win(last).sd / s);
    const lookback = this.maskedSums.window(end - last + 1, end);
    out.push(lookback.count ? lookback.mean : NaN);
    const reopened = this.reopenings.filter((r) => r <= t).pop();
    out.push(reopened === undefined ? layout.reopenCap : Math.min(layout.reopenCap, t - reopened));
    out.push((this.context.promotions ?? []).some((p) => t >= p.start && t < p.end) ? 1 : 0);
    out.push(...this.calendar.values(parseDate(dateAt(this.series, t))));
    for (const k of this.exogNow) {
      const value = this.exogAt(k, t);
      const ref = this.exogSums[k].window(end - layout.levelWindow + 1, end).mean;
      out.push(value, Number.isFinite(ref) && ref !== 0 ? value / ref : NaN);
    }
    for (const k of this.exogLagged) out.push(this.exogSums[k].window(end - first + 1, end).mean / s);
    return out;
  }

  /** A regressor at index t: observed inside the history, from `futureExog` after it. */
  private exogAt(key: string, t: number): number {
    const n = this.series.y.length;
    if (t < n) return this.series.exog![key][t] ?? NaN;
    const future = this.context.futureExog![key];
    // Beyond the supplied future values, the last one carries forward (a price stays as last announced).
    return future.length ? future[Math.min(t - n, future.length - 1)] : NaN;
  }
}
