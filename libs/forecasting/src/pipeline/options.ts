import { ModelRegistry } from '../core/registry';
import { ENSEMBLE_MODEL } from '../ensemble';
import { isMemberPrior } from '../ensemble/panel-prior';

/** How the engine forecasts: the contract the CLI, the benchmarks and the training service code against. */
export interface EngineOptions {
  /** Steps ahead. */
  horizon: number;
  /** Interval levels in percent (default [80, 95], core/model-support DEFAULT_LEVELS). */
  levels?: number[];
  /** Ensemble members by registry name (default: defaultMembersFor(series.freq); each series keeps those that fit it). */
  members?: string[];
  /** Walk-forward backtest: default 3 origins, step = horizon. */
  backtest?: { origins?: number; step?: number };
  /** Prior weight per family (default 0.40 / 0.45 / 0.15; baselines count as statistical). */
  prior?: { statistical: number; ml: number; recovery: number };
  /**
   * Prior weight per member name, instead of the family prior (ensemble/panel-prior.ts). forecastPanel sets it
   * from the panel's backtests (stacking) on panels of PANEL_PRIOR_MIN_SERIES non-daily series or more.
   */
  memberPrior?: Record<string, number>;
  /**
   * Steps summed before a member's backtest error is measured for its weight (default: 7 on daily series,
   * i.e. weekly totals; 1 otherwise). See pooledScaledError.
   */
  scoreBlock?: number;
  /** Use the single best member where backtests say it beats the combination. */
  selectBest?: boolean;
  /** Seed for members with randomness (a series' own context.seed wins). */
  seed?: number;
}

/** Throws an Error naming the first invalid option. */
export function validateEngineOptions(options: EngineOptions, registry: ModelRegistry): void {
  if (!options || typeof options !== 'object') throw new Error('EngineOptions: expected an object');
  const positiveInt = (name: string, v: unknown) => {
    if (!(Number.isInteger(v) && (v as number) >= 1))
      throw new Error(`EngineOptions.${name} must be a positive integer, got ${String(v)}`);
  };
  positiveInt('horizon', options.horizon);
  if (options.levels !== undefined) {
    if (!Array.isArray(options.levels))
      throw new Error('EngineOptions.levels must be an array of percentages');
    for (const level of options.levels)
      if (!(typeof level === 'number' && level > 0 && level < 100))
        throw new Error(`EngineOptions.levels: ${String(level)} is not a percentage in (0, 100)`);
  }
  if (options.members !== undefined) {
    if (!Array.isArray(options.members) || options.members.length === 0)
      throw new Error('EngineOptions.members must be a non-empty array of model names');
    for (const name of options.members) {
      if (name === ENSEMBLE_MODEL)
        throw new Error("EngineOptions.members: 'ensemble' cannot be a member of itself");
      if (!registry.has(name))
        throw new Error(
          `EngineOptions.members: unknown model '${name}' (known: ${registry
            .names()
            .filter((n) => n !== ENSEMBLE_MODEL)
            .join(', ')})`,
        );
    }
    const duplicate = options.members.find((n, i) => options.members!.indexOf(n) !== i);
    if (duplicate) throw new Error(`EngineOptions.members: '${duplicate}' is listed twice`);
  }
  if (options.backtest !== undefined) {
    if (options.backtest.origins !== undefined) positiveInt('backtest.origins', options.backtest.origins);
    if (options.backtest.step !== undefined) positiveInt('backtest.step', options.backtest.step);
  }
  if (options.prior !== undefined) {
    const shares = [options.prior.statistical, options.prior.ml, options.prior.recovery];
    if (
      !shares.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) ||
      shares.every((v) => v === 0)
    )
      throw new Error(
        `EngineOptions.prior: shares must be finite, >= 0 and not all 0, got ${JSON.stringify(options.prior)}`,
      );
  }
  if (options.memberPrior !== undefined && !isMemberPrior(options.memberPrior))
    throw new Error(
      `EngineOptions.memberPrior: weights must be finite, >= 0 and not all 0, got ${JSON.stringify(options.memberPrior)}`,
    );
  if (options.scoreBlock !== undefined) positiveInt('scoreBlock', options.scoreBlock);
  if (options.selectBest !== undefined && typeof options.selectBest !== 'boolean')
    throw new Error(`EngineOptions.selectBest must be a boolean, got ${String(options.selectBest)}`);
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    throw new Error(`EngineOptions.seed must be an integer, got ${String(options.seed)}`);
}
