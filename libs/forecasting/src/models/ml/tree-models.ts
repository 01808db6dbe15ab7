import { defineModel } from '../../core/model-support';
import { Capabilities, FitContext, Frequency, ModelFitError, ModelSpec, Series } from '../../core/types';
import { FeatureBuilder, featureLayout } from './features';
import { loadXgboost, trainAndPredict, XgboostParams } from './xgboost-runtime';

/**
 * Gradient-boosted trees (`xgboost`) and a random forest (`random_forest`) on the engineered features of
 * features.ts, as DIRECT multi-step models with one model per horizon bucket.
 *
 * Why direct by bucket: a recursive model feeds its own predictions back as lags, so errors compound over
 * 62 daily steps and a rolling-mean feature ends up averaging forecasts; one model per step would train 62
 * boosters per series. A bucket (lo, hi] trains one model whose rows use history up to hi steps before
 * their target, so every step in the bucket is forecast from observed data only, with no feedback, and
 * leakage is impossible by construction (features.ts). Buckets double from half a season (monthly:
 * 1–6, 7–12, 13–18), or triple from a week on daily data (1–7, 8–21, 22–62): short horizons keep recent
 * lags, long ones cost few models.
 *
 * Targets are divided by the row's recent level (features.ts), predictions multiplied back; masked
 * (shutdown) observations are never targets.
 *
 * Random forest: `ml-random-forest` (pure JS CART) was measured far too slow here: its split search is
 * quadratic in the rows (50 trees on 2,400 × 40 took 215 s; 30 trees on 100 rows 0.5 s), against a budget
 * of 1,428 series × several backtest origins. The forest is therefore XGBoost's own random-forest mode
 * (`num_parallel_tree` trees grown in one round with eta = 1, rows subsampled, columns subsampled per
 * level, no shrinkage): the same algorithm (bagged, decorrelated, averaged deep trees) in the same WASM
 * runtime.
 *
 * Fitted state: the FittedModel interface forecasts from the end of the training data only, so a fitted
 * tree model is fully described by its forecast path up to `maxHorizon`. fit() trains each bucket's
 * booster, predicts that bucket's steps and frees the booster at once (xgboost-runtime.ts); the JSON
 * holds the path and a description of the training (no trees: they would be 0.1–2 MB per series and
 * could not forecast anything else). Beyond `maxHorizon` the path's last season repeats
 * (extendTreePath), so every horizon a client may ask for is served. Same data, options
 * and `context.seed` give the same forecast.
 *
 * Intervals: none of their own (the ensemble calibrates conformal intervals from backtest residuals).
 */

export interface TreeModelOptions {
  /** XGBoost parameters, merged over the model's defaults (see DEFAULT_GBT / DEFAULT_FOREST). */
  params?: XgboostParams;
  /** Upper ends of the horizon buckets (ascending); default: doubling from half a season. */
  bucketEnds?: number[];
  /**
   * Most recent training rows kept per bucket (default: 2 years of days for daily data, all otherwise).
   */
  maxTrainingRows?: number;
}

/** Horizon trained when the context gives no `maxHorizon`: the business's 1–2 months, per frequency. */
export const DEFAULT_MAX_HORIZON: Record<Frequency, number> = {
  daily: 62,
  weekly: 13,
  monthly: 18,
  quarterly: 8,
  yearly: 6,
};

export const DEFAULT_GBT: XgboostParams = {
  booster: 'gbtree',
  objective: 'reg:linear',
  max_depth: 4,
  eta: 0.15,
  iterations: 60,
  subsample: 0.8,
  colsample_bytree: 0.8,
  min_child_weight: 2,
  silent: 1,
};

export const DEFAULT_FOREST: XgboostParams = {
  booster: 'gbtree',
  objective: 'reg:linear',
  max_depth: 7,
  eta: 1,
  iterations: 1,
  // 25 bagged trees: the forest's forecast moved by < 0.2 % from 50 on a 2,700-day SKU, at half the time.
  num_parallel_tree: 25,
  subsample: 0.632,
  colsample_bylevel: 0.5,
  min_child_weight: 2,
  lambda: 0,
  silent: 1,
};

/**
 * Daily: two years of rows (each yearly event twice; the rows' lag_364 reaches a third year). Training time
 * grows faster than linearly with rows: three years took twice the CPU of two for the same forecast.
 */
const DEFAULT_MAX_ROWS: Record<Frequency, number> = {
  daily: 2 * 365,
  weekly: Infinity,
  monthly: Infinity,
  quarterly: Infinity,
  yearly: Infinity,
};

/** Fewer training rows than this in a bucket and the model does not fit. */
const MIN_ROWS = 12;

interface BucketSummary {
  /** Steps (lo, hi] this bucket's model forecast. */
  from: number;
  to: number;
  trainingRows: number;
}

interface TreeParams {
  /** Forecast for steps 1..maxHorizon. */
  mean: number[];
  features: string[];
  buckets: BucketSummary[];
  seed: number;
  /** Season length in steps (written since horizons beyond the path are served; older JSON: 7). */
  period?: number;
}

/**
 * The fitted path, continued beyond its last step by repeating its last season (a seasonal naive
 * on the model's own forecast), so that any horizon can be served without a new fit: the path
 * carries the level and weekly shape the trees learned for the far end of the trained horizon.
 */
export function extendTreePath(mean: readonly number[], horizon: number, period: number): number[] {
  if (horizon <= mean.length) return mean.slice(0, horizon);
  const p = Math.max(1, Math.min(period, mean.length));
  const out = mean.slice();
  for (let k = mean.length; k < horizon; k++) out.push(out[k - p]);
  return out;
}

const capabilities: Capabilities = {
  needsSeasonality: false,
  usesExogenous: true,
  minHistory: 24,
  handlesMissing: true,
  nativeIntervals: false,
  usesPromotions: true,
  // calendar features (month, day of year on daily series) carry the yearly season
  yearlySeason: true,
};

/**
 * Bucket upper ends for a horizon: half a season, doubling, ending at the horizon. Daily data with a weekly
 * season get whole weeks, tripling (1–7, 8–21, 22–62 for two months): every bucket's rows then keep the
 * same-weekday lags, and a 62-day horizon costs 3 boosters instead of 5 (the trees were ~75 % of the
 * engine's time on ~2,700-day series). The long buckets forecast from lags at least 21 days old, which on a
 * 1–2 month horizon scored per month loses little against 4, 8, 16 and 32.
 */
export function horizonBuckets(maxHorizon: number, period: number, freq?: Frequency): number[] {
  const daily = freq === 'daily' && period >= 7;
  const base = daily ? period : Math.max(1, Math.ceil(Math.min(Math.max(1, period), 12) / 2));
  const ends: number[] = [];
  for (let e = base; e < maxHorizon; e *= daily ? 3 : 2) ends.push(e);
  ends.push(maxHorizon);
  return ends;
}

function checkBucketEnds(name: string, ends: number[], maxHorizon: number): number[] {
  const ok =
    ends.length > 0 && ends.every((e, i) => Number.isInteger(e) && e >= 1 && (i === 0 || e > ends[i - 1]));
  if (!ok)
    throw new Error(`${name}: bucketEnds must be ascending positive integers, got ${JSON.stringify(ends)}`);
  return [...ends.filter((e) => e < maxHorizon), maxHorizon];
}

function fitTrees(
  name: string,
  defaults: XgboostParams,
  options: TreeModelOptions,
  series: Series,
  context: FitContext,
): TreeParams {
  const n = series.y.length;
  const maxHorizon = context.maxHorizon ?? DEFAULT_MAX_HORIZON[series.freq];
  const period = Math.max(1, context.seasonPeriod);
  const ends = options.bucketEnds
    ? checkBucketEnds(name, options.bucketEnds, maxHorizon)
    : horizonBuckets(maxHorizon, period, series.freq);
  const seed = context.seed ?? 0;
  const maxRows = options.maxTrainingRows ?? DEFAULT_MAX_ROWS[series.freq];
  const nonNegative = series.y.every((v) => !Number.isFinite(v) || v >= 0);

  const mean: number[] = [];
  const buckets: BucketSummary[] = [];
  let features: string[] = [];
  let from = 0;
  for (const to of ends) {
    const builder = new FeatureBuilder(series, context, featureLayout(series.freq, period, to));
    const x: number[][] = [];
    const y: number[] = [];
    for (let t = Math.max(to, n - maxRows); t < n; t++)
      if (builder.isTarget(t)) {
        x.push(builder.row(t));
        y.push(series.y[t] / builder.scale(t));
      }
    if (x.length < MIN_ROWS)
      throw new ModelFitError(
        name,
        `only ${x.length} training rows for steps ${from + 1}–${to} (need ${MIN_ROWS}); the series is too short`,
      );
    const targets = Array.from({ length: to - from }, (_, i) => n + from + i);
    const baseScore = y.reduce((s, v) => s + v, 0) / y.length;
    let predicted: number[];
    try {
      predicted = trainAndPredict(
        x,
        y,
        targets.map((t) => builder.row(t)),
        { ...defaults, base_score: baseScore, ...options.params, seed },
      );
    } catch (e) {
      throw new ModelFitError(name, (e as Error).message);
    }
    targets.forEach((t, i) => {
      const value = predicted[i] * builder.scale(t);
      mean.push(nonNegative ? Math.max(0, value) : value);
    });
    if (!mean.every(Number.isFinite))
      throw new ModelFitError(name, `non-finite forecast for steps ${from + 1}–${to}`);
    buckets.push({ from, to, trainingRows: x.length });
    features = builder.names;
    from = to;
  }
  return { mean, features, buckets, seed, period };
}

function treeModel(name: string, defaults: XgboostParams, options: TreeModelOptions): ModelSpec {
  return defineModel<TreeParams>({
    name,
    family: 'ml',
    capabilities,
    schemaVersion: 1,
    fit: (_y, context, series) => fitTrees(name, defaults, options, series, context),
    forecast(params, horizon) {
      return { mean: extendTreePath(params.mean, horizon, params.period ?? 7), intervals: () => ({}) };
    },
  });
}

/** Gradient-boosted trees (XGBoost), direct by horizon bucket. Call `await loadXgboost()` before fitting. */
export function createXgboostModel(options: TreeModelOptions = {}, name = 'xgboost'): ModelSpec {
  return treeModel(name, DEFAULT_GBT, options);
}

/** Random forest (XGBoost's random-forest mode), direct by horizon bucket. Call `await loadXgboost()` first. */
export function createRandomForestModel(options: TreeModelOptions = {}, name = 'random_forest'): ModelSpec {
  return treeModel(name, DEFAULT_FOREST, options);
}

export const xgboostModel = createXgboostModel();
export const randomForestModel = createRandomForestModel();
export const mlModels: ModelSpec[] = [xgboostModel, randomForestModel];

/** Loads what the ML models need (the XGBoost WASM runtime); await it once before fitting them. */
export const loadMlModels = loadXgboost;
