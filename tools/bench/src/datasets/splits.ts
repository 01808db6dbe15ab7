import { addPeriods, Frequency, periodsBetween } from '@salescast/forecasting';
import { LongRow } from './csv';

/** A series read from a long file, checked to be equally spaced. */
export interface DatedSeries {
  id: string;
  freq: Frequency;
  start: string;
  y: number[];
}

/** Is `date` exactly `i` periods after `start`? Compared as offsets, not formatted dates, so that
 *  M3's nominal years 0001… (which JavaScript's Date.UTC would read as 1901…) check correctly. */
function isPeriodsAfter(start: string, date: string, freq: Frequency, i: number): boolean {
  if (freq === 'weekly') return periodsBetween(start, date, 'daily') === 7 * i;
  if (freq === 'daily') return periodsBetween(start, date, 'daily') === i;
  return periodsBetween(start, date, freq) === i && date.slice(8, 10) === start.slice(8, 10);
}

/** Builds a series from its rows, failing loudly on a gap or a duplicate date. */
export function toDatedSeries(id: string, rows: LongRow[], freq: Frequency): DatedSeries {
  if (rows.length === 0) throw new Error(`series ${id} has no rows`);
  const start = rows[0].date;
  rows.forEach((r, i) => {
    if (!isPeriodsAfter(start, r.date, freq, i))
      throw new Error(
        `series ${id}: row ${i} is dated ${r.date}, not ${i} ${freq} periods after ${start} (gap or duplicate)`,
      );
  });
  return { id, freq, start, y: rows.map((r) => r.value) };
}

/** The cut points of a rolling-origin evaluation: each origin is the number of observations used for fitting. */
export interface RollingOrigins {
  /** Observations held out at the end of the series (the evaluation window). */
  holdout: number;
  horizon: number;
  /** Distance between successive origins. */
  step: number;
}

/**
 * Origins n − holdout, n − holdout + step, … while a full horizon still fits in the series.
 * With step = horizon every held-out observation is forecast exactly once.
 */
export function rollingOrigins(length: number, { holdout, horizon, step }: RollingOrigins): number[] {
  if (holdout < horizon) throw new Error(`holdout ${holdout} is shorter than the horizon ${horizon}`);
  if (step < 1) throw new Error(`origin step must be >= 1, got ${step}`);
  const origins: number[] = [];
  for (let o = length - holdout; o + horizon <= length; o += step) if (o > 0) origins.push(o);
  return origins;
}

/** The training part of a series up to `origin` (exclusive) and the `horizon` values after it. */
export function splitAt(
  series: DatedSeries,
  origin: number,
  horizon: number,
): { train: DatedSeries; actual: number[] } {
  if (origin + horizon > series.y.length)
    throw new Error(
      `series ${series.id}: origin ${origin} + horizon ${horizon} runs past its ${series.y.length} values`,
    );
  return {
    train: { ...series, y: series.y.slice(0, origin) },
    actual: series.y.slice(origin, origin + horizon),
  };
}

/** Task id of a rolling-origin task: the series id and the date of its last training observation. */
export function taskId(series: DatedSeries, origin: number): string {
  return `${series.id}@${addPeriods(series.start, series.freq, origin - 1).slice(0, series.freq === 'monthly' ? 7 : 10)}`;
}
