/**
 * The one interface every forecasting model implements (statsforecast's shape):
 *   spec.fit(series, context) -> FittedModel
 *   fitted.predict(horizon, levels) -> { mean, intervals[level] = { lower, upper } }
 *   fitted.toJSON() -> SerializedModel   (versioned; registry.fromJSON() restores it)
 *
 * Pure TypeScript, no I/O. Used by the training and prediction services, the CLI and the benchmarks.
 */

export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

/** One observed series, equally spaced. Missing observations are NaN. */
export interface Series {
  /** Series identifier (the SKU, or a benchmark series id). */
  id: string;
  freq: Frequency;
  /** Date of y[0], `YYYY-MM-DD` (for weekly: the week's first day; monthly: the 1st). */
  start: string;
  /** Observations, oldest first. NaN = missing. */
  y: number[];
  /**
   * Optional exogenous regressors aligned with y (same length), e.g. `price`, `returns`, `promo`.
   * Models with `capabilities.usesExogenous` may use them; their future values come in
   * `FitContext.futureExog`.
   */
  exog?: Record<string, number[]>;
}

/** A half-open index window [start, end) into Series.y. */
export interface IndexWindow {
  start: number;
  end: number;
}

/**
 * What the business knows about its own history, already mapped onto the series' index
 * (see `core/events.ts` for mapping dated business events onto a series).
 */
export interface Disruption {
  /** Observations inside the window are not demand: the shop was closed (or partly). */
  window: IndexWindow;
  /** 'shutdown' = sales ~0 for reasons other than demand; the window is masked. */
  kind: 'shutdown';
}

/**
 * The panel's promotion lift, the prior a SKU's own evidence is shrunk toward: promotions of one shop lift its
 * SKUs alike, while one SKU's few windows are noisy (core/promotions.ts, panelPromotionPrior).
 */
export interface PromotionPrior {
  /** Mean log-lift over the panel's SKUs. */
  logLift: number;
  /** Spread of the SKUs' true log-lifts around it (between-SKU standard deviation). */
  sd: number;
  /** SKUs whose evidence it was pooled from. */
  skus: number;
}

export interface FitContext {
  /** Seasonal period in observations: 12 monthly, 52 weekly (or 1 = none), 7 daily, 4 quarterly. */
  seasonPeriod: number;
  /** Disruption windows (shutdowns). The index after the last window's end is the reopening. */
  disruptions?: Disruption[];
  /** Promotion windows (index-based, may extend into the future: end > y.length). */
  promotions?: IndexWindow[];
  /**
   * The panel's pooled promotion lift that a series' own promotion evidence is shrunk toward (core/promotions.ts,
   * panelPromotionPrior). Set by the panel on SKU contexts; without it the prior is "no effect".
   */
  promotionPrior?: PromotionPrior;
  /** Future values of exogenous regressors for the forecast horizon (keys as in Series.exog). */
  futureExog?: Record<string, number[]>;
  /** Seed for any randomness (random forest, bootstrap): same seed, same model. */
  seed?: number;
  /**
   * The largest horizon that will be asked of this fit. Direct multi-step ML models train one
   * model per step up to it; others may ignore it.
   */
  maxHorizon?: number;
  /**
   * The summed demand of the series' group (its category), on the same frequency: what a SKU with a short or
   * noisy history borrows its yearly season and weekday profile from. It may start long before the series;
   * it never runs past the series' end (trainingWindow cuts both at the same date). NaN = unknown.
   */
  group?: GroupHistory;
  /**
   * Days the shop does not trade, as getUTCDay() weekdays (0 = Sunday; daily series only): the forecast is 0
   * on them and their share goes to the open days of the same horizon. The engine's panel finds them from
   * every series of the panel (a weekday with no sale in the last weeks); a caller may declare them.
   */
  closedWeekdays?: number[];
  /**
   * Declared future closures (shutdowns in the horizon), index windows with start >= y.length: the forecast
   * is 0 inside them. Past disruptions stay in `disruptions`.
   */
  closures?: IndexWindow[];
  /**
   * The index of the first day the series is no longer sold (a SKU's planned end of sale, `discontinued_on`):
   * the forecast is 0 from it on, like a declared closure. The SKU's own: an aggregate's context never has one.
   */
  endOfSale?: number;
  /**
   * The panel's global model's forecasts for this series (models/ml/global-model.ts), keyed by the date of
   * their first step (YYYY-MM-DD): one per backtest origin and one from the end of the history. Set by the
   * panel (forecastPanel); the `global_gbm` member reads the one that starts where its training data end.
   */
  globalForecasts?: Record<string, number[]>;
}

/** The demand of a group of series (see FitContext.group). */
export interface GroupHistory {
  /** Date of y[0], `YYYY-MM-DD`. */
  start: string;
  y: number[];
}

/** Prediction for `horizon` steps after the last observation. */
export interface Forecast {
  mean: number[];
  /** Keyed by nominal coverage in percent, e.g. 80 -> p10..p90. Absent when a model has none. */
  intervals: Record<number, { lower: number[]; upper: number[] }>;
}

export interface Capabilities {
  /** Needs a seasonal period > 1 and at least two full seasons to be meaningful. */
  needsSeasonality: boolean;
  /** Uses Series.exog / FitContext.futureExog. */
  usesExogenous: boolean;
  /** Minimum number of (non-masked) observations needed to fit. */
  minHistory: number;
  /**
   * Fits on at most the last this many observations (a local level/trend model learns nothing from years
   * ago, and each observation costs time: daily SKUs have thousands). Unset: the whole history.
   */
  maxObservations?: number;
  /**
   * Can take a series with NaN/masked observations (and disruption windows) as they are.
   * Models that cannot are fed a repaired series (see `core/repair.ts`).
   */
  handlesMissing: boolean;
  /**
   * Models the disruption windows itself and is given the observations inside them as they are (the recovery
   * model: how deep the trough was and how far trade had come back by the window's last observation are part
   * of its evidence). Unset/false: the windows are masked (NaN) or repaired before the model sees them.
   */
  readsDisruptions?: boolean;
  /** Produces its own prediction intervals (others get only conformal ones from the ensemble). */
  nativeIntervals: boolean;
  /**
   * Reads `FitContext.promotions` itself, past and planned (the tree models' promotion feature). Unset/false:
   * the ensemble takes promotion days out of the member's history and multiplies its forecast by the series'
   * measured promotion lift on planned promotion days (see `core/promotions.ts`).
   */
  usesPromotions?: boolean;
  /**
   * Models the yearly season of a daily series itself (seasonal_ratio's month ratios, the tree models' calendar
   * features). Unset/false: on daily series the ensemble fits the member on the seasonally adjusted history and
   * multiplies its forecast by the month-of-year index (see `core/yearly-season.ts`).
   */
  yearlySeason?: boolean;
}

export type ModelFamily = 'baseline' | 'statistical' | 'ml' | 'recovery';

/** The JSON form of a fitted model. `schemaVersion` is per model; bump it when params change shape. */
export interface SerializedModel {
  model: string;
  schemaVersion: number;
  params: unknown;
}

export interface FittedModel {
  /** Name of the ModelSpec that produced it. */
  readonly model: string;
  predict(horizon: number, levels?: number[]): Forecast;
  toJSON(): SerializedModel;
  /** Releases native/WASM memory, if any. Safe to call twice. */
  free?(): void;
}

export interface ModelSpec {
  /** Unique, stable name, e.g. 'naive', 'snaive', 'auto_arima', 'ets', 'theta', 'xgboost'. */
  readonly name: string;
  readonly family: ModelFamily;
  readonly capabilities: Capabilities;
  fit(series: Series, context: FitContext): FittedModel;
  /** Restores a fitted model from its JSON form (throws on an unknown schemaVersion). */
  fromJSON(json: SerializedModel): FittedModel;
  /**
   * Optional, for speed: a spec that refits what `fitted` (this spec's fit on a series' full history) chose, on
   * a shorter history of the same series (the ensemble's backtest origins), instead of searching again: e.g.
   * auto-ETS keeps the model form its AICc picked and starts from its smoothing parameters. Undefined when
   * `fitted` offers nothing to reuse.
   */
  narrow?(fitted: FittedModel): ModelSpec | undefined;
}

/** Thrown by a model that cannot fit a series (too short, degenerate); the caller falls back. */
export class ModelFitError extends Error {
  constructor(
    readonly model: string,
    message: string,
  ) {
    super(`${model}: ${message}`);
    this.name = 'ModelFitError';
  }
}
