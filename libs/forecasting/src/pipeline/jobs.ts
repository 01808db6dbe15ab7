import { extname, join } from 'node:path';
import { JobTable } from '../executor';
import { forecastSeries, SeriesJob, stackingSampleOf } from './forecast-series';
import { fitGlobalParts, GlobalEntry, GlobalOptions, GlobalPart, planGlobalParts } from './global-pass';
import { loadXgboost } from '../models/ml/xgboost-runtime';
import { EngineOptions } from './options';
import { loadEngine } from './registry';

/** Input of the 'forecastSeries' job: plain data, so that it crosses threads (and, later, Kafka). */
export interface ForecastSeriesInput {
  job: SeriesJob;
  options: EngineOptions;
}

/** Input of the 'globalForecasts' job: a panel's global-model fit, or some parts of it (pipeline/global-pass.ts). */
export interface GlobalForecastsInput {
  entries: GlobalEntry[];
  options: GlobalOptions;
  /** The parts to fit (default: all). Paths may miss other parts' steps: merge, then `completePaths`. */
  parts?: GlobalPart[];
}

/** The engine's job table: what an Executor may run, by name. */
export const jobs = {
  forecastSeries: async (input: ForecastSeriesInput) => {
    await loadEngine();
    return forecastSeries(input.job, input.options);
  },
  stackingSample: async (input: ForecastSeriesInput) => {
    await loadEngine();
    return stackingSampleOf(input.job, input.options);
  },
  globalForecasts: async (input: GlobalForecastsInput) => {
    await loadXgboost();
    return fitGlobalParts(
      input.entries,
      input.options,
      input.parts ?? planGlobalParts(input.entries, input.options),
    );
  },
} satisfies JobTable;

/** This module's file, for WorkerPoolExecutor({ jobsModule }): the .ts source under ts-jest, else dist's .js. */
export const ENGINE_JOBS_MODULE = join(__dirname, `jobs${extname(__filename)}`);
