import { Executor, InlineExecutor, WorkerPoolExecutor } from '../executor';
import { EngineOptions } from './options';
import { ensembleSpec, SeriesJob, SeriesResult } from './forecast-series';
import { ENGINE_JOBS_MODULE, ForecastSeriesInput, GlobalForecastsInput, jobs } from './jobs';
import {
  completePaths,
  GlobalFit,
  GlobalReport,
  mergeGlobalFits,
  monthlyGlobalModels,
  noGlobalFit,
  planGlobalParts,
} from './global-pass';
import { GLOBAL_MIN_SERIES, GLOBAL_MODEL } from '../models/ml/global-model';
import {
  describePanelPrior,
  PANEL_PRIOR_MIN_SERIES,
  PANEL_PRIOR_SAMPLE,
  PanelPrior,
  panelMemberPrior,
  StackingSample,
} from '../ensemble/panel-prior';
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
  /** Told the member prior the panel learnt from its backtests (not called when it learnt none or was given one). */
  onMemberPrior?: (prior: PanelPrior) => void;
  /** Each job's category, for the global model (job order). */
  groups?: ReadonlyArray<string | undefined>;
}

/** Whether any job's members (given, or the defaults of its frequency) include the global model. */
export function usesGlobalModel(jobsToRun: readonly SeriesJob[], members?: readonly string[]): boolean {
  return jobsToRun.some((j) => {
    const names = members ?? defaultMembersFor(j.series.freq);
    if (j.series.freq === 'daily') return names.includes(GLOBAL_MODEL);
    const monthly = monthlyGlobalModels(names);
    return j.series.freq === 'monthly' && (monthly.linear || monthly.boosted);
  });
}

/**
 * Forecasts many series, each independently, on `executor`. Options are validated once, before any work;
 * results come back in job order. Rejects (naming the job index) if a series cannot be forecast at all.
 */
export async function forecastPanel(jobsToRun: SeriesJob[], options: PanelOptions): Promise<SeriesResult[]> {
  const { executor, onProgress, onStage, onMemberPrior, globalModel = true, groups: _g, ...engine } = options;
  ensembleSpec(engine);
  const prepared = globalModel ? await withGlobalForecasts(jobsToRun, options) : jobsToRun;
  const learnt = engine.memberPrior ? undefined : await panelPriorOf(prepared, engine, executor, onStage);
  if (learnt) onMemberPrior?.(learnt);
  const memberPrior = engine.memberPrior ?? learnt?.weights;
  const inputs: ForecastSeriesInput[] = prepared.map((job) => ({
    job,
    options: memberPrior ? { ...engine, memberPrior } : engine,
  }));
  return (executor ?? new InlineExecutor(jobs)).map<ForecastSeriesInput, SeriesResult>(
    'forecastSeries',
    inputs,
    onProgress,
  );
}

/**
 * The panel's member prior (ensemble/panel-prior.ts): stacking weights fitted on the backtests of up to
 * PANEL_PRIOR_SAMPLE of its series, spread evenly over it. Undefined (each series keeps the family prior) on a
 * panel of fewer than PANEL_PRIOR_MIN_SERIES non-daily series: daily SKU panels keep the family prior, since on
 * the generated retailers a prior learnt from them did not help (BENCHMARKS.md, "A panel's member prior").
 */
export async function panelPriorOf(
  jobsToRun: readonly SeriesJob[],
  engine: EngineOptions,
  executor?: Executor,
  onStage?: (message: string) => void,
): Promise<PanelPrior | undefined> {
  const pooled = jobsToRun.filter((j) => j.series.freq !== 'daily');
  if (pooled.length < PANEL_PRIOR_MIN_SERIES) return undefined;
  const every = Math.max(1, pooled.length / PANEL_PRIOR_SAMPLE);
  const sample = Array.from(
    { length: Math.min(pooled.length, PANEL_PRIOR_SAMPLE) },
    (_, i) => pooled[Math.floor(i * every)],
  );
  onStage?.(`member prior: backtesting ${sample.length} of ${pooled.length} series…`);
  const samples = await (executor ?? new InlineExecutor(jobs)).map<ForecastSeriesInput, StackingSample>(
    'stackingSample',
    sample.map((job) => ({ job, options: engine })),
  );
  const weights = panelMemberPrior(samples);
  if (!weights) return undefined;
  const prior = { weights, points: samples.reduce((n, s) => n + s.rows.length, 0) };
  onStage?.(describePanelPrior(prior));
  return prior;
}

/**
 * The global model's paths for each job of a panel (undefined where it has none), fitted as one job on
 * `executor` (a worker thread of a pool keeps a service's event loop free). forecastPanel and
 * forecastHierarchy call it before their series; the training service calls it once per run and hands each
 * SKU's paths to its batch (`FitContext.globalForecasts`, forecast with `globalModel: false`). Without the global
 * model among the members, or with fewer than GLOBAL_MIN_SERIES daily series, every entry is undefined.
 */
export async function fitPanelGlobalModel(
  jobsToRun: readonly SeriesJob[],
  options: PanelOptions,
): Promise<{ forecasts: Array<Record<string, number[]> | undefined>; report: GlobalReport }> {
  const { executor, groups, onStage, onProgress: _p, globalModel: _m, ...engine } = options;
  ensembleSpec(engine);
  if (!usesGlobalModel(jobsToRun, engine.members)) return noGlobalFit(jobsToRun.length);
  const daily = jobsToRun.filter((j) => j.series.freq === 'daily').length;
  if (daily >= GLOBAL_MIN_SERIES) onStage?.(`global model: fitting on ${daily} daily series…`);
  const entries = jobsToRun.map((j, i) => ({ series: j.series, context: j.context, group: groups?.[i] }));
  const globalOptions = {
    horizon: engine.horizon,
    backtest: engine.backtest,
    seed: engine.seed,
    members: engine.members,
  };
  // One job per part (an origin of the daily model, some steps of the monthly boosters…): a pool runs them
  // side by side. Each part's result is the same wherever it runs, so the merged fit is the whole one.
  const started = Date.now();
  const fits = await (executor ?? new InlineExecutor(jobs)).map<GlobalForecastsInput, GlobalFit>(
    'globalForecasts',
    planGlobalParts(entries, globalOptions).map((part) => ({
      entries,
      options: globalOptions,
      parts: [part],
    })),
  );
  const merged = completePaths(mergeGlobalFits(entries.length, fits));
  const out = { ...merged, report: { ...merged.report, seconds: (Date.now() - started) / 1000 } };
  const { report } = out;
  if (report.arFits || report.monthlyBoosters)
    onStage?.(
      `monthly global models: ${report.arFits ?? 0} linear fits, ${report.monthlyBoosters ?? 0} boosters, ${report.seconds.toFixed(1)} s`,
    );
  if (report.boosters > 0)
    onStage?.(
      `global model: ${report.boosters} boosters at ${report.origins.length} origins (${report.origins.join(', ')}), ` +
        `${Math.round(report.meanRows).toLocaleString('en-US')} rows each on average, ${report.seconds.toFixed(1)} s`,
    );
  return out;
}

/** `jobs` with the global model's paths in each daily SKU's context (unchanged where it has none). */
export async function withGlobalForecasts<J extends SeriesJob>(
  jobsToRun: readonly J[],
  options: PanelOptions,
): Promise<J[]> {
  const { forecasts } = await fitPanelGlobalModel(jobsToRun, options);
  return jobsToRun.map((j, i) =>
    forecasts[i] ? { ...j, context: { ...j.context, globalForecasts: forecasts[i] } } : j,
  );
}

/** A worker-thread pool that runs the engine's jobs (close() it when done). */
export function engineWorkerPool(size?: number): WorkerPoolExecutor {
  return new WorkerPoolExecutor({ jobsModule: ENGINE_JOBS_MODULE, size });
}
