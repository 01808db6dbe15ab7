import { Executor, InlineExecutor, WorkerPoolExecutor } from '../executor';
import { EngineOptions } from './options';
import { ensembleSpec, SeriesJob, SeriesResult } from './forecast-series';
import { ENGINE_JOBS_MODULE, ForecastSeriesInput, jobs } from './jobs';
import { withGlobalForecasts } from './global-pass';
import { GLOBAL_MODEL } from '../models/ml/global-model';
import { defaultMembersFor } from './registry';

export interface PanelOptions extends EngineOptions {
  /** Where the series run (default: inline, in this thread). */
  executor?: Executor;
  onProgress?: (done: number, total: number) => void;
  /**
   * Fit the panel's global model (global_gbm) before the series, when the members in use include it (default
   * true; forecastHierarchy fits it on the SKUs only and passes false).
   */
  globalModel?: boolean;
  /** Told what the panel does before the series start (the global model's fit, which takes seconds to minutes). */
  onStage?: (message: string) => void;
  /** Each job's category, for the global model (job order). */
  groups?: ReadonlyArray<string | undefined>;
}

/** Whether any job's members (given, or the defaults of its frequency) include the global model. */
export function usesGlobalModel(jobsToRun: readonly SeriesJob[], members?: readonly string[]): boolean {
  return jobsToRun.some(
    (j) => j.series.freq === 'daily' && (members ?? defaultMembersFor(j.series.freq)).includes(GLOBAL_MODEL),
  );
}

/**
 * Forecasts many series, each independently, on `executor`. Options are validated once, before any work;
 * results come back in job order. Rejects (naming the job index) if a series cannot be forecast at all.
 */
export async function forecastPanel(jobsToRun: SeriesJob[], options: PanelOptions): Promise<SeriesResult[]> {
  const { executor, onProgress, onStage, globalModel = true, groups, ...engine } = options;
  ensembleSpec(engine);
  const prepared =
    globalModel && usesGlobalModel(jobsToRun, engine.members)
      ? await withGlobalForecasts(jobsToRun, { ...engine, groups }, onStage)
      : jobsToRun;
  const inputs: ForecastSeriesInput[] = prepared.map((job) => ({ job, options: engine }));
  return (executor ?? new InlineExecutor(jobs)).map<ForecastSeriesInput, SeriesResult>(
    'forecastSeries',
    inputs,
    onProgress,
  );
}

/** A worker-thread pool that runs the engine's jobs (close() it when done). */
export function engineWorkerPool(size?: number): WorkerPoolExecutor {
  return new WorkerPoolExecutor({ jobsModule: ENGINE_JOBS_MODULE, size });
}
