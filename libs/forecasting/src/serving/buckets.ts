/**
 * Reading a daily forecast path in the buckets clients ask for (days, ISO weeks, calendar months),
 * and adding paths up (a category or the total). Pure.
 *
 * Interval bounds of a bucket (or of a sum of SKUs) are the sums of the daily bounds: that is the
 * exact quantile of the sum when the errors are fully correlated, and wider than the truth when
 * they are not — conservative by design, and said so in the API.
 */
export type Granularity = 'daily' | 'weekly' | 'monthly';

export interface PathInterval {
  level: number;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

/** A daily forecast: day i (0-based) is `dates[i]`. */
export interface DailyPath {
  dates: readonly string[];
  mean: ArrayLike<number>;
  intervals: readonly PathInterval[];
}

export interface Bucket {
  start: string;
  end: string;
  days: number;
  mean: number;
  intervals: { level: number; lower: number; upper: number }[];
}

/** Monday-based ISO week start / calendar month of an ISO date, as a grouping key. */
function bucketKey(date: string, g: Granularity): string {
  if (g === 'daily') return date;
  if (g === 'monthly') return date.slice(0, 7);
  const t = Date.parse(`${date}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The first `horizon` days of `path` (starting `offset` days in) in buckets of `granularity`, with
 * the intervals of `levels` (each must be one of the path's).
 */
export function bucketPath(
  path: DailyPath,
  horizon: number,
  granularity: Granularity,
  levels: readonly number[],
  offset = 0,
): Bucket[] {
  if (offset + horizon > path.dates.length)
    throw new RangeError(`bucketPath: the path has ${path.dates.length} days, asked for ${offset + horizon}`);
  const ivs = levels.map((level) => {
    const iv = path.intervals.find((i) => i.level === level);
    if (!iv) throw new RangeError(`bucketPath: the path has no ${level} % interval`);
    return iv;
  });
  const out: Bucket[] = [];
  let current: Bucket | undefined;
  let key = '';
  for (let d = offset; d < offset + horizon; d++) {
    const date = path.dates[d];
    const k = granularity === 'daily' ? date : bucketKey(date, granularity);
    if (!current || k !== key) {
      current = {
        start: date,
        end: date,
        days: 0,
        mean: 0,
        intervals: ivs.map((iv) => ({ level: iv.level, lower: 0, upper: 0 })),
      };
      out.push(current);
      key = k;
    }
    current.end = date;
    current.days++;
    current.mean += path.mean[d];
    for (let j = 0; j < ivs.length; j++) {
      current.intervals[j].lower += ivs[j].lower[d];
      current.intervals[j].upper += ivs[j].upper[d];
    }
  }
  return out;
}

/**
 * The day-by-day sum of several paths over `horizon` days from `dates[0]` of the result; each
 * part starts `offset` days into its own path (its origin is that many days behind). Every part
 * must carry each of `levels` and cover offset + horizon days.
 */
export function sumPaths(
  parts: readonly { path: DailyPath; offset: number }[],
  horizon: number,
  levels: readonly number[],
): DailyPath {
  if (parts.length === 0) throw new RangeError('sumPaths: nothing to add');
  const mean = new Float64Array(horizon);
  const lower = levels.map(() => new Float64Array(horizon));
  const upper = levels.map(() => new Float64Array(horizon));
  for (const { path, offset } of parts) {
    if (offset + horizon > path.dates.length)
      throw new RangeError(`sumPaths: a part has ${path.dates.length} days, need ${offset + horizon}`);
    const ivs = levels.map((level) => {
      const iv = path.intervals.find((i) => i.level === level);
      if (!iv) throw new RangeError(`sumPaths: a part has no ${level} % interval`);
      return iv;
    });
    for (let d = 0; d < horizon; d++) {
      mean[d] += path.mean[offset + d];
      for (let j = 0; j < ivs.length; j++) {
        lower[j][d] += ivs[j].lower[offset + d];
        upper[j][d] += ivs[j].upper[offset + d];
      }
    }
  }
  const first = parts[0];
  return {
    dates: first.path.dates.slice(first.offset, first.offset + horizon),
    mean,
    intervals: levels.map((level, j) => ({ level, lower: lower[j], upper: upper[j] })),
  };
}

/** ISO dates origin+1 … origin+n. */
export function datesAfter(origin: string, n: number): string[] {
  const t = Date.parse(`${origin}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`datesAfter: not an ISO date: ${origin}`);
  return Array.from({ length: n }, (_, i) => new Date(t + (i + 1) * 86_400_000).toISOString().slice(0, 10));
}

/** Whole days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
