import { addPeriods, FitContext } from '@salescast/forecasting';
import { EvalTask } from './types';
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
