import { addPeriods, BusinessEventRecord, FitContext } from '@salescast/forecasting';
import { EvalTask, SeriesSubset } from './types';
import { DatedSeries, splitAt, taskId } from './splits';

export interface RollingTaskOptions {
  /** Builds the fit context of a training window (seasonal period, events, future regressors). */
  context: (train: DatedSeries, origin: number) => FitContext;
  /** In-sample values that scale MASE (default: the whole training window). */
  scaleHistory?: (train: DatedSeries) => number[];
  /** Fit on at most this many observations before the origin (a sliding window); default: all. */
  window?: number;
}

/**
 * Rolling-origin tasks of one series: one task per origin (number of observations before it), each
 * fitted on the history before the origin (or its last `window` observations) and scored on the
 * `horizon` values after it.
 */
export function rollingTasks(
  series: DatedSeries,
  origins: number[],
  horizon: number,
  { context, scaleHistory = (train) => train.y, window }: RollingTaskOptions,
): EvalTask[] {
  return origins.map((origin) => {
    const split = splitAt(series, origin, horizon);
    const drop = window === undefined ? 0 : Math.max(0, origin - window);
    const train = {
      ...split.train,
      start: addPeriods(series.start, series.freq, drop),
      y: split.train.y.slice(drop),
    };
    const id = taskId(series, origin);
    return {
      id,
      seriesId: series.id,
      series: { id, freq: train.freq, start: train.start, y: train.y },
      context: context(train, origin),
      actual: split.actual,
      scaleHistory: scaleHistory(train),
    };
  });
}

/**
 * The declared events as the business knew them on `lastDay` (the last day of a training window,
 * `YYYY-MM-DD`): events starting later are dropped (eventsToContext would turn them into declared
 * future closures), and a shutdown still running is cut at `lastDay`. eventsToContext then sees a
 * window that reaches the end of the history, which the engine reads as "reopening at the origin"; an
 * end date the business could not know yet is never passed on.
 */
export function eventsKnownAt(
  events: readonly BusinessEventRecord[],
  lastDay: string,
): BusinessEventRecord[] {
  return events
    .filter((e) => e.startsOn <= lastDay)
    .map((e) => (e.endsOn !== undefined && e.endsOn > lastDay ? { ...e, endsOn: lastDay } : e));
}

/**
 * The last day covered by a series: the date of its last observation (daily, week-ending weekly), or the
 * end of its last month/quarter/year.
 */
export function lastDayOf(series: Pick<DatedSeries, 'start' | 'freq' | 'y'>): string {
  if (series.freq === 'daily' || series.freq === 'weekly')
    return addPeriods(series.start, series.freq, series.y.length - 1);
  const next = addPeriods(series.start, series.freq, series.y.length);
  return addPeriods(next, 'daily', -1);
}

/**
 * One subset per origin (every series, the forecasts made at that origin only), so that a table per
 * origin follows the pooled one; `origins` are the task ids' dates (`YYYY-MM` monthly, `YYYY-MM-DD`
 * daily), `why` says what each origin tests.
 */
export function originSubsets(tasks: readonly EvalTask[], origins: Record<string, string>): SeriesSubset[] {
  const seriesIds = [...new Set(tasks.map((t) => t.seriesId))];
  return Object.entries(origins).map(([origin, why]) => ({
    name: `origin ${origin}`,
    rule: `the forecasts from the origin ${origin} (last training period): ${why}`,
    seriesIds,
    origin,
  }));
}
