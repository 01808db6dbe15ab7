import type { FitContext, Frequency, Series } from '@salescast/forecasting';

/**
 * One forecast to score: fit on `series` (the history up to the origin), forecast
 * `actual.length` steps, compare with `actual`.
 * `series.id` is the task id (`<series>` for single-origin data sets, `<series>@<last training date>`
 * for rolling origins), unique within a data set, so results and reference forecasts join on it.
 */
export interface EvalTask {
  id: string;
  /** The data set's own series id (several tasks share it under rolling origins). */
  seriesId: string;
  series: Series;
  context: FitContext;
  actual: number[];
  /** In-sample values that scale MASE (seasonal naive MAE with `seasonPeriod`). */
  scaleHistory: number[];
}

/** A named group of series reported on its own (e.g. the MRTS series that were shut down). */
export interface SeriesSubset {
  name: string;
  /** The documented rule that picked the series. */
  rule: string;
  seriesIds: string[];
  /**
   * When set, only the forecasts made at this origin (the task id's `@<last training date>`), e.g. one
   * table per origin of a rolling-origin data set; otherwise every forecast of the series.
   */
  origin?: string;
}

export interface BenchDataset {
  name: string;
  freq: Frequency;
  seasonPeriod: number;
  horizon: number;
  /** How the data are split into history and hold-out, as printed under the table. */
  split: string;
  tasks: EvalTask[];
  /** Series left out of the benchmark, with the reason (printed, never silent). */
  excluded: Array<{ seriesId: string; reason: string }>;
  subsets: SeriesSubset[];
  /** Published reference figures printed as footnotes (not computed in this run). */
  footnotes: string[];
}

/** The loader's input: the folder holding the data set (a child of the shared datasets root). */
export type DatasetLoader = (datasetsRoot: string, options?: { limit?: number }) => BenchDataset;
