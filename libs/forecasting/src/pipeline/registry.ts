import { ModelRegistry } from '../core/registry';
import { Frequency, ModelSpec } from '../core/types';
import { createEnsembleSpec, EnsembleOptions } from '../ensemble';
import { arimaModels } from '../models/arima';
import { baselineModels } from '../models/baselines';
import { stlfModel } from '../models/decomposition';
import { etsModels } from '../models/ets';
import { globalArModel, globalGbmModel, loadMlModels, mlModels } from '../models/ml';
import { recoveryModel } from '../models/recovery';
import { thetaModel } from '../models/theta';
import { yearlyRatioModel } from '../models/yearly';
import { intermittentModels } from '../models/intermittent';
import { seasonalRatioModel } from '../models/seasonal';

/** Every model the engine can fit or restore, except the ensemble itself. */
export function memberModels(): ModelSpec[] {
  return [
    ...baselineModels,
    ...etsModels,
    thetaModel,
    stlfModel,
    ...arimaModels,
    ...mlModels,
    globalGbmModel,
    globalArModel,
    recoveryModel,
    yearlyRatioModel,
    seasonalRatioModel,
    ...intermittentModels,
  ];
}

/**
 * Loads the members' asynchronous runtimes (the XGBoost WASM module). Await it once per process or thread
 * before forecastSeries; forecastPanel and the engine's jobs do. Without it the tree models fail to fit and
 * are dropped with that reason.
 */
export function loadEngine(): Promise<void> {
  return loadMlModels();
}

/**
 * The members an ensemble uses when EngineOptions.members is not given: one model per approach rather than
 * every registered variant. Registering ses, holt, holt_damped… next to auto-ETS (which already chooses among
 * them per series) would split the statistical prior many ways, count the same evidence several times and
 * multiply the fitting cost; they stay in the registry, to be restored or named explicitly.
 * The recovery model only fits series with a shutdown followed by a reopening; elsewhere it is dropped and
 * its prior share passes to the others.
 * `global_ar` and `global_gbm` are one linear autoregression and one set of boosted trees fitted on the windows
 * of every monthly series of the panel at once (models/ml/global-ar.ts); outside a panel of GLOBAL_AR_MIN_SERIES
 * monthly series they refuse and drop out (weekly and quarterly series have no global model yet).
 * auto_arima is left out by default: on a 50-series M3 monthly sample (h = 18) it took 7.5 s per series
 * (90 % of the ensemble's time) for a sMAPE of 15.4, worse than naive2 (14.4); name it to use it.
 */
export const DEFAULT_MEMBERS: readonly string[] = [
  'snaive',
  'naive2',
  'ets',
  'theta',
  'stlf',
  'xgboost',
  'random_forest',
  'global_ar',
  'global_gbm',
  'recovery',
];

/**
 * The default members for daily series (SKU-days), chosen for accuracy on several retailers at once (the
 * generated stories and the real Online Retail, BENCHMARKS.md) and for speed at catalogue scale:
 * - `seasonal_ratio`: recent level × the SKU's (or its category's) yearly season × weekday profile;
 * - `tsb`: the intermittent-demand rate, for sparse SKUs (and a robust level for the others);
 * - `ets` and `theta`: level and (damped) trend from the recent weeks;
 * - `recovery` after a shutdown;
 * - `global_gbm`: one gradient-boosted model fitted on every SKU of the panel at once (models/ml/global-model.ts;
 *   panels of GLOBAL_MIN_SERIES daily SKUs or more, elsewhere it refuses and drops out).
 * snaive and naive2 anchor a 30–60-day forecast on one week's or one day's noise; the tree models
 * (xgboost, random_forest) cost ~20× the others per SKU for no measured gain on daily SKUs; stlf and
 * yearly_ratio are superseded by seasonal_ratio. All stay available by name (`--members`).
 */
export const DEFAULT_DAILY_MEMBERS: readonly string[] = [
  'seasonal_ratio',
  'tsb',
  'ets',
  'theta',
  'recovery',
  'global_gbm',
];

/**
 * Members for a daily series with fewer than SHORT_HISTORY_DAYS days of demand (a launch): a level and an
 * intermittent rate, nothing that fits a trend to a few weeks.
 */
export const SHORT_DAILY_MEMBERS: readonly string[] = ['seasonal_ratio', 'tsb'];
export const SHORT_HISTORY_DAYS = 56;

/** The engine's default members for a series of this frequency. */
export function defaultMembersFor(freq: Frequency): readonly string[] {
  return freq === 'daily' ? DEFAULT_DAILY_MEMBERS : DEFAULT_MEMBERS;
}

/**
 * Steps summed when backtests weigh the members: weekly totals on daily series (a buyer plans on weeks and
 * months; a day's counting noise, the same for every member, would drown the level errors that tell them
 * apart), single steps otherwise.
 */
export function defaultScoreBlockFor(freq: Frequency): number {
  return freq === 'daily' ? 7 : 1;
}

/** Tried in order when no member can fit a series. */
export const FALLBACK_MEMBERS: readonly string[] = ['snaive', 'naive'];

/**
 * A registry with every member and 'ensemble'. Its 'ensemble' restores any stored ensemble (members are
 * restored through the same registry); fitting through it uses the default members and backtests for
 * `context.maxHorizon` (1 step when the context does not say).
 */
export function defaultRegistry(): ModelRegistry {
  const registry = new ModelRegistry(memberModels());
  registry.register(createEnsembleSpec(ensembleOptionsFor(registry, { horizon: 1 })));
  return registry;
}

/** The ensemble configuration of an engine run, with members and fallbacks resolved in `registry`. */
export function ensembleOptionsFor(
  registry: ModelRegistry,
  options: {
    horizon: number;
    members?: string[];
    backtest?: EnsembleOptions['backtest'];
    prior?: EnsembleOptions['prior'];
    memberPrior?: EnsembleOptions['memberPrior'];
    selectBest?: boolean;
    scoreBlock?: number;
  },
): EnsembleOptions {
  const members = (options.members ?? DEFAULT_MEMBERS.filter((name) => registry.has(name))).map((name) =>
    registry.get(name),
  );
  return {
    horizon: options.horizon,
    members,
    fallbacks: FALLBACK_MEMBERS.filter((name) => registry.has(name)).map((name) => registry.get(name)),
    restoreMember: (json) => registry.fromJSON(json),
    backtest: options.backtest,
    prior: options.prior,
    memberPrior: options.memberPrior,
    selectBest: options.selectBest,
    scoreBlock: options.scoreBlock,
  };
}
