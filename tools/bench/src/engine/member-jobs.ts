import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  defaultRegistry,
  FitContext,
  loadEngine,
  ModelRegistry,
  prepareForModel,
  Series,
} from '@salescast/forecasting';
import { TaskForecast } from '../scoring/forecasts';

/** Input of the 'fitModel' job: one registry model on one task (plain data, crosses threads). */
export interface FitModelInput {
  model: string;
  series: Series;
  context: FitContext;
  horizon: number;
}

/** A forecast, or why the model could not make one (scored with the naive fallback, and counted). */
export type FitModelOutput = TaskForecast & { error?: string };

let registry: ModelRegistry | undefined;

/**
 * Fits one model as the engine's spec defines it — `registry.get(name).fit(series, ctx).predict(h, [80])` —
 * on the series the engine would give it (disruption windows masked, or repaired for models that cannot
 * skip missing values: `prepareForModel`, as the ensemble does), and times fit + predict.
 * Never throws: a model that cannot fit a series reports why.
 */
export function fitModel({ model, series, context, horizon }: FitModelInput): FitModelOutput {
  registry ??= defaultRegistry();
  const started = performance.now();
  let fitted;
  try {
    const spec = registry.get(model);
    fitted = spec.fit(prepareForModel(series, context, spec.capabilities), context);
    const forecast = fitted.predict(horizon, [80]);
    const band = forecast.intervals[80];
    return {
      mean: forecast.mean,
      lower: band?.lower,
      upper: band?.upper,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    return {
      mean: [],
      seconds: (performance.now() - started) / 1000,
      error: e instanceof Error ? e.message : String(e),
    };
  } finally {
    fitted?.free?.();
  }
}

/**
 * The benchmark's job table, for WorkerPoolExecutor({ jobsModule: MEMBER_JOBS_MODULE }). Each thread loads
 * the engine's WASM runtimes (XGBoost) once before its first fit.
 */
export const jobs = {
  fitModel: async (input: FitModelInput): Promise<FitModelOutput> => {
    await loadEngine();
    return fitModel(input);
  },
};

/** This module's file: the .ts source under ts-jest, the compiled .js otherwise. */
export const MEMBER_JOBS_MODULE = join(__dirname, `member-jobs${extname(__filename)}`);
