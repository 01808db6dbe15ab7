import { Executor, InlineExecutor, WorkerPoolExecutor } from '../executor';
import { EngineOptions } from './options';
import { ensembleSpec, SeriesJob, SeriesResult } from './forecast-series';
import { ENGINE_JOBS_MODULE, ForecastSeriesInput, jobs } from './jobs';

export interface PanelOptions extends EngineOptions {
  /** Where the series run (default: inline, in this thread). */
  executor?: Executor;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Forecasts many series, each independently, on `executor`. Options are validated once, before any work;
 * results come back in job order. Rejects (naming the job index) if a series cannot be forecast at all.
 */
export async function forecastPanel(jobsToRun: SeriesJob[], options: PanelOptions): Promise<SeriesResult[]> {
  const { executor, onProgress, ...engine } = options;
  ensembleSpec(engine);
  const inputs: ForecastSeriesInput[] = jobsToRun.map((job) => ({ job, options: engine }));
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
