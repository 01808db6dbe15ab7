import { Executor, InlineExecutor, WorkerPoolExecutor } from '../executor';
import { EngineOptions } from './options';
import { ensembleSpec, SeriesJob, SeriesResult } from './forecast-series';
import { ENGINE_JOBS_MODULE, ForecastSeriesInput, GlobalForecastsInput, jobs } from './jobs';
import { fitGlobalForecasts, GlobalReport, withGlobalForecasts } from './global-pass';
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

/**
 * The global model's paths for each job of a panel (undefined where it has none), fitted as one job on
 * `executor` (a worker thread of a pool, so that a service's event loop stays free), for callers that fit the
 * SKUs later and in batches, as the training service does: each SKU's paths go into its context
 * (`FitContext.globalForecasts`) and its batch is forecast with `globalModel: false`. Without the global model
 * among the members, or with fewer than GLOBAL_MIN_SERIES daily series, every entry is undefined.
 */
export async function fitPanelGlobalModel(
  jobsToRun: readonly SeriesJob[],
  options: PanelOptions,
): Promise<{ forecasts: Array<Record<string, number[]> | undefined>; report: GlobalReport }> {
  const { executor, groups, ...engine } = options;
  ensembleSpec(engine);
  if (!usesGlobalModel(jobsToRun, engine.members))
    return {
      forecasts: jobsToRun.map(() => undefined),
      report: { origins: [], boosters: 0, meanRows: 0, seconds: 0 },
    };
  const input: GlobalForecastsInput = {
    entries: jobsToRun.map((j, i) => ({ series: j.series, context: j.context, group: groups?.[i] })),
    options: { horizon: engine.horizon, backtest: engine.backtest, seed: engine.seed },
  };
  const [out] = await (executor ?? new InlineExecutor(jobs)).map<
    GlobalForecastsInput,
    ReturnType<typeof fitGlobalForecasts>
  >('globalForecasts', [input]);
  return out;
}

/** A worker-thread pool that runs the engine's jobs (close() it when done). */
export function engineWorkerPool(size?: number): WorkerPoolExecutor {
  return new WorkerPoolExecutor({ jobsModule: ENGINE_JOBS_MODULE, size });
}
