import { dateAt, periodsBetween } from '../../core/calendar';
import { disruptionMask } from '../../core/events';
import { defineModel } from '../../core/model-support';
import { FitContext, ModelFitError, ModelSpec, Series } from '../../core/types';
import { FeatureBuilder, featureLayout } from './features';
import { extendTreePath } from './tree-models';
import { XgboostParams } from './xgboost-runtime';

/**
 * `global_gbm`: ONE gradient-boosted model fitted on every SKU of a panel at once (as the M5 winners did),
 * instead of one per SKU. A SKU with two noisy years learns little alone about how demand moves from June
 * to August, after a reopening or after a launch; a thousand SKUs together do.
 *
 * - Rows: every SKU-day of the last GLOBAL_ROWS_PER_SERIES days of each SKU (shutdown days are never
 *   targets), at most GLOBAL_MAX_ROWS in all (a seeded, even subsample beyond that).
 * - Target: the day's sales ÷ the SKU's recent level (features.ts), so that SKUs of any size share one model;
 *   capped at GLOBAL_TARGET_CAP so that one freak day does not pull the fit, and at 0 below (a day of net
 *   returns is no negative demand). Loss: Tweedie (GLOBAL_DAILY_LOSS), as the M5 winners fitted SKU-days.
 * - Features: those of the per-SKU trees (lags that respect the horizon, rolling means, calendar, promotions,
 *   steps since reopening) plus what only a panel gives: the category's own yearly movement from the
 *   origin-equivalent day to the target-equivalent day one and two years back (`group_season_1y/2y`, the
 *   recipe of the seasonal naive, learned), the SKU's own (`sku_season_1y`, its category's where it has no year of history), the SKU's age (days since its
 *   first sale), its log level and its category's code.
 * - Direct by horizon bucket, as tree-models.ts (1–7, 8–21, 22–62 days): no forecast is fed back.
 *
 * Backtests: the ensemble weighs members by walk-forward backtests, so the global model is fitted at each
 * backtest origin of the panel too, on data up to that date only (trainingWindow cuts every SKU there), and
 * once at the end of the history. `fitGlobalForecasts` does that for a panel and returns, per SKU, the paths
 * keyed by the date of their first forecast day; the panel puts them in each SKU's `FitContext.globalForecasts`.
 * The member itself only looks its path up: fitted on a series without one (a lone series, a category
 * total) it refuses, and the ensemble drops it with that reason.
 */

export const GLOBAL_MODEL = 'global_gbm';
/**
 * Days of each SKU's recent history that become training rows: a year, every season once. Two years were
 * measured too (BENCHMARKS.md, "A global model"): the same mean accuracy at twice the rows.
 */
export const GLOBAL_ROWS_PER_SERIES = 365;
/** Most training rows of one booster; beyond, an even seeded subsample. */
export const GLOBAL_MAX_ROWS = 120_000;
/**
 * Fewer daily SKUs than this in a panel and no global model is fitted: a handful of SKUs is not a population
 * to learn from, and twelve boosters would cost more than the rest of their forecasts (the training service's
 * batches of 4–8 SKUs therefore go without).
 */
export const GLOBAL_MIN_SERIES = 20;
/** Largest scaled target a row may carry. */
export const GLOBAL_TARGET_CAP = 20;
/** The age feature's cap, in days. */
const AGE_CAP = 730;

export const DEFAULT_GLOBAL_GBT: XgboostParams = {
  booster: 'gbtree',
  objective: 'reg:linear',
  max_depth: 6,
  eta: 0.1,
  iterations: 100,
  subsample: 0.8,
  colsample_bytree: 0.8,
  min_child_weight: 20,
  lambda: 1,
  // histogram splits: 8× faster than the exact method on 20,000 rows × 47 features (1.4 s against 11.1 s per
  // booster), the same forecasts to the second decimal
  tree_method: 'hist',
  max_bin: 64,
  silent: 1,
};

/**
 * The daily booster's loss: Tweedie with variance power 1.2 (a log link, predictions > 0), the loss of the
 * M5 winners for SKU-days, which are counts with many zeros and a long right tail, where squared error lets the
 * tail pull the mean. Measured against squared error on the generated worlds, the story and Online Retail
 * (BENCHMARKS.md, "A Tweedie loss for the daily global model"). The monthly boosters (global-ar.ts) learn
 * log-ratios, which may be negative, and keep squared error.
 */
export const GLOBAL_DAILY_LOSS: XgboostParams = {
  objective: 'reg:tweedie',
  tweedie_variance_power: 1.2,
};

const EXTRA_FEATURES = [
  'group_season_1y',
  'group_season_2y',
  'sku_season_1y',
  'age',
  'log_level',
  'group_code',
];

/** Mean of the finite values of y[from..to] (clipped), NaN when there is none. */
function windowMean(y: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let i = Math.max(0, from); i <= Math.min(y.length - 1, to); i++)
    if (Number.isFinite(y[i])) {
      s += y[i];
      c++;
    }
  return c > 0 ? s / c : NaN;
}

/** Seasonal movement of `y` from the week around `end − lag` (origin side) to the week around `t − lag`. */
function seasonMove(y: ArrayLike<number>, t: number, end: number, lag: number): number {
  const to = windowMean(y, t - lag - 3, t - lag + 3);
  const from = windowMean(y, end - lag - 27, end - lag);
  return Number.isFinite(to) && from > 0 ? Math.min(GLOBAL_TARGET_CAP, to / from) : NaN;
}

/** One SKU cut at one origin, ready to give rows. */
export class GlobalRows {
  private readonly builder: FeatureBuilder;
  /** The SKU's demand with shutdown days as NaN. */
  private readonly demand: number[];
  /** Its group's demand on the SKU's index (group[i] is the SKU's day i), shutdown days NaN. */
  private readonly group: number[];
  private readonly offset: number;
  private readonly firstSale: number;
  private readonly code: number;

  constructor(
    readonly series: Series,
    readonly context: FitContext,
    minLag: number,
    code: number,
  ) {
    const period = Math.max(1, context.seasonPeriod);
    this.builder = new FeatureBuilder(series, context, featureLayout(series.freq, period, minLag));
    const mask = disruptionMask(series.y.length, context.disruptions);
    this.demand = series.y.map((v, i) => (mask[i] ? NaN : v));
    const g = context.group;
    this.offset = g ? periodsBetween(g.start, series.start, series.freq) : 0;
    this.group = g
      ? g.y.map((v, j) => {
          const i = j - this.offset;
          return i >= 0 && i < mask.length && mask[i] ? NaN : v;
        })
      : [];
    const first = series.y.findIndex((v) => Number.isFinite(v) && v > 0);
    this.firstSale = first < 0 ? series.y.length : first;
    this.code = code;
  }

  get names(): string[] {
    return [...this.builder.names, ...EXTRA_FEATURES];
  }

  isTarget(t: number): boolean {
    return this.builder.isTarget(t);
  }

  scale(t: number): number {
    return this.builder.scale(t);
  }

  row(t: number): number[] {
    const end = t - this.builder.layout.minLag;
    const g = this.group;
    const gt = t + this.offset;
    const gEnd = end + this.offset;
    const group1 = g.length ? seasonMove(g, gt, gEnd, 364) : NaN;
    const own1 = seasonMove(this.demand, t, end, 364);
    return [
      ...this.builder.row(t),
      group1,
      g.length ? seasonMove(g, gt, gEnd, 728) : NaN,
      // a SKU without a year of its own history takes its category's: a missing value would follow whatever
      // branch the SKUs with a history took, not the category's season
      Number.isFinite(own1) ? own1 : group1,
      Math.min(AGE_CAP, Math.max(0, end - this.firstSale)),
      Math.log1p(this.builder.scale(t)),
      this.code,
    ];
  }
}

interface GlobalParams {
  mean: number[];
  origin: string;
  /** The season a forecast beyond the path repeats (absent in fits stored before monthly panels: 7). */
  period?: number;
}

/**
 * A member that forecasts the path its panel fitted for this series (a global model's), looked up in
 * `context.globalForecasts` under `key(first forecast date)`. It refuses, saying `refusal`, a series the panel
 * did not forecast. `global_gbm` and `global_ar` (global-ar.ts) are both made here.
 */
export function panelPathModel(definition: {
  name: string;
  capabilities: ModelSpec['capabilities'];
  key: (date: string) => string;
  refusal: string;
}): ModelSpec {
  return defineModel<GlobalParams>({
    name: definition.name,
    family: 'ml',
    capabilities: definition.capabilities,
    schemaVersion: 1,
    fit(_y, context, series) {
      const origin = dateAt(series, series.y.length);
      const path = context.globalForecasts?.[definition.key(origin)];
      if (!path)
        throw new ModelFitError(definition.name, `no global forecast from ${origin}: ${definition.refusal}`);
      return { mean: path.slice(), origin, period: Math.max(1, context.seasonPeriod) };
    },
    forecast(params, horizon) {
      return { mean: extendTreePath(params.mean, horizon, params.period ?? 7), intervals: () => ({}) };
    },
  });
}

/** The member: the panel's global forecast for this series from the end of its (training) history. */
export const globalGbmModel: ModelSpec = panelPathModel({
  name: GLOBAL_MODEL,
  capabilities: {
    needsSeasonality: false,
    usesExogenous: false,
    minHistory: 14,
    handlesMissing: true,
    nativeIntervals: false,
    usesPromotions: true,
    yearlySeason: true,
  },
  key: (date) => date,
  refusal: `the global model is fitted by the panel (forecastPanel), on daily or monthly panels of ${GLOBAL_MIN_SERIES}+ series`,
});
