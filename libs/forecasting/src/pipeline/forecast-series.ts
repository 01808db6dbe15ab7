import { performance } from 'node:perf_hooks';
import { ModelRegistry } from '../core/registry';
import { FitContext, Forecast, Frequency, ModelSpec, SerializedModel, Series } from '../core/types';
import { createEnsembleSpec, EnsembleFit, ensembleStackingSample, StackingSample } from '../ensemble';
import { DEFAULT_LEVELS } from '../core/model-support';
import { EngineOptions, validateEngineOptions } from './options';
import { usableObservations } from '../ensemble/applicability';
import {
  defaultMembersFor,
  defaultRegistry,
  defaultScoreBlockFor,
  ensembleOptionsFor,
  SHORT_DAILY_MEMBERS,
  SHORT_HISTORY_DAYS,
} from './registry';

export interface SeriesJob {
  series: Series;
  context: FitContext;
}

export interface SeriesResult {
  id: string;
  /** Mean + intervals at options.levels. */
  forecast: Forecast;
  /** The fitted ensemble (or fallback, wrapped as a one-member ensemble), ready to store; registry.fromJSON restores it. */
  model: SerializedModel;
  /** 'ensemble', or the one member used (selectBest, a single usable member, or the fallback). */
  chosen: string;
  weights: Record<string, number>;
  /** Walk-forward accuracy per member that produced backtest forecasts, and 'ensemble' for the combination. */
  backtest: Array<{ member: string; smape: number; mase: number; wape: number }>;
  fallbackReason?: string;
  seconds: number;
}

/** The engine's registry, built once per process (or thread): specs are stateless. */
let engineRegistry: ModelRegistry | undefined;
function registry(): ModelRegistry {
  return (engineRegistry ??= defaultRegistry());
}

/** The ensemble ModelSpec configured by `options` (members resolved in the default registry). */
export function ensembleSpec(
  options: EngineOptions,
): ModelSpec & { fitWithReport(series: Series, context: FitContext): EnsembleFit } {
  validateEngineOptions(options, registry());
  return createEnsembleSpec(ensembleOptionsFor(registry(), options));
}

/**
 * Forecasts one series: backtests and weighs the members, refits them, predicts with conformal intervals.
 * Never throws for a series the fallback can fit (any series with at least one usable observation); throws
 * an Error naming the option or field for invalid options or a malformed job.
 */
export function forecastSeries(job: SeriesJob, options: EngineOptions): SeriesResult {
  const started = performance.now();
  validateJob(job);
  const spec = ensembleSpec(
    engineOptionsFor(job.series.freq, options, usableObservations(job.series, job.context)),
  );
  const context: FitContext = {
    ...job.context,
    maxHorizon: options.horizon,
    seed: job.context.seed ?? options.seed,
  };
  const { fitted, report } = spec.fitWithReport(job.series, context);
  try {
    return {
      id: job.series.id,
      forecast: fitted.predict(options.horizon, [...(options.levels ?? DEFAULT_LEVELS)]),
      model: fitted.toJSON(),
      chosen: report.chosen,
      weights: report.weights,
      backtest: report.accuracy.map(({ member, smape, mase, wape }) => ({ member, smape, mase, wape })),
      ...(report.fallbackReason !== undefined && { fallbackReason: report.fallbackReason }),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    fitted.free();
  }
}

/**
 * The rows one series adds to its panel's member prior (ensemble/panel-prior.ts): its members' backtest
 * forecasts, as forecastSeries would weigh them, without the final fits.
 */
export function stackingSampleOf(job: SeriesJob, options: EngineOptions): StackingSample {
  validateJob(job);
  const engine = engineOptionsFor(job.series.freq, options, usableObservations(job.series, job.context));
  validateEngineOptions(engine, registry());
  const context: FitContext = {
    ...job.context,
    maxHorizon: options.horizon,
    seed: job.context.seed ?? options.seed,
  };
  return ensembleStackingSample(job.series, context, ensembleOptionsFor(registry(), engine));
}

/**
 * `options` with the engine's defaults for a series of this frequency where the caller left them out. A daily
 * series with fewer than SHORT_HISTORY_DAYS observations of demand (`usable`) gets SHORT_DAILY_MEMBERS: a few
 * weeks after a launch, a trend is a burst, not a trend.
 */
export function engineOptionsFor(freq: Frequency, options: EngineOptions, usable = Infinity): EngineOptions {
  const short = freq === 'daily' && usable < SHORT_HISTORY_DAYS;
  return {
    ...options,
    members: options.members ?? [...(short ? SHORT_DAILY_MEMBERS : defaultMembersFor(freq))],
    scoreBlock: options.scoreBlock ?? defaultScoreBlockFor(freq),
  };
}

function validateJob(job: SeriesJob): void {
  const { series, context } = job ?? {};
  if (!series || typeof series.id !== 'string') throw new Error('SeriesJob.series.id must be a string');
  if (!Array.isArray(series.y))
    throw new Error(`SeriesJob.series.y of '${series.id}' must be an array of numbers`);
  if (!context || !(Number.isInteger(context.seasonPeriod) && context.seasonPeriod >= 1))
    throw new Error(
      `SeriesJob.context.seasonPeriod of '${series.id}' must be a positive integer, got ${String(context?.seasonPeriod)}`,
    );
}
