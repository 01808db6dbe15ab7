import {
  BusinessEventRecord,
  GroupHistory,
  PromotionPrior,
  SerializedModel,
  SkuAdjustments,
} from '@salescast/forecasting';

/** One SKU's history as the feature store serves it. */
export interface TrainingSeries {
  sku: string;
  /** Date of quantities[0], YYYY-MM-DD. */
  start: string;
  quantities: number[];
  /** Revenue per day, aligned with quantities (the prices paid: revenue / units); absent when not served. */
  revenues?: number[];
  /** Business events (shutdowns, reopenings, promotions) whose scope may cover this SKU. */
  events?: BusinessEventRecord[];
  /** The SKU's category, for `category:<name>` scopes (and the global model's category feature). */
  category?: string;
  /** The SKU master's planned end of sale (first day no longer sold, YYYY-MM-DD): forecast 0 from it on. */
  endOfSale?: string;
  /** The global model's paths for this SKU (first forecast day → daily path), from the run's panel stage. */
  globalForecasts?: Record<string, number[]>;
  /** Its category's summed history up to its last day, from the run's panel stage (FitContext.group). */
  group?: GroupHistory;
  /** Weekdays the shop does not trade on, from the run's panel stage (FitContext.closedWeekdays). */
  closedWeekdays?: number[];
  /** The store's pooled promotion lift, from the run's panel stage (FitContext.promotionPrior). */
  promotionPrior?: PromotionPrior;
}

/** What the panel stage fitted across all SKUs of a run. */
export interface PanelFit {
  /** Each SKU's global-model paths; SKUs the model could not forecast are missing. */
  paths: Map<string, Record<string, number[]>>;
  boosters: number;
  /** Forecast origins fitted (first forecast day). */
  origins: string[];
  seconds: number;
  /** The hierarchy's context: each category's summed history ('' for SKUs without one). */
  groups: Map<string, GroupHistory>;
  /** Weekdays on which no SKU of the panel sold lately (getUTCDay()). */
  closedWeekdays: number[];
  /** The SKUs' pooled promotion lift; missing when too few SKUs had past promotions. */
  promotionPrior?: PromotionPrior;
  /**
   * The hierarchy's own forecasts from the panel's last day (the trainer's horizon): each category's and the
   * total's, which the run's SKUs are reconciled with once fitted. Missing when not asked for, or when they could
   * not be fitted (then `aggregatesError` says why).
   */
  aggregates?: { groups: Map<string, number[]>; total: number[] };
  aggregatesError?: string;
  /**
   * Each SKU's adjustments for the trainer's horizon from the panel's last day, applied after the engine (and
   * after the reconciliation) as the CLI does (libs/forecasting core/panel-adjustments.ts: the run-down before a
   * planned end of sale, a list price that just moved, the ramp-up after a recent launch). Only SKUs with one.
   */
  adjustments: Map<string, SkuAdjustments>;
}

export interface TrainedModel {
  modelName: string;
  model: SerializedModel;
  /** Last observed day: forecasts start the day after. */
  originDate: string;
  frequency: 'daily';
  backtest: { smape?: number; mase?: number; wape?: number };
  /** The model's forecast mean from the day after originDate (the trainer's horizon), for reconciliation. */
  forecast: number[];
}

/**
 * The seam where the forecasting engine plugs into the training service: fit a batch of SKUs, return a
 * serialisable model (or the error) per SKU, in order. The service never sees model internals, nor where
 * the fits run (worker threads here; other replicas via Kafka consumer groups later).
 */
export interface ModelTrainer {
  train(batch: TrainingSeries[]): Promise<Array<TrainedModel | Error>>;
  /**
   * Fits what is learnt across SKUs once on a whole panel, before its batches are trained: the global model's
   * paths (none when the members do not include it or the panel is too small to pool) and the hierarchy's
   * context (categories' histories, closed weekdays); each SKU's share then rides with it into `train`. With
   * `aggregates`, also each category's and the total's own forecast, for the run's reconciliation.
   */
  fitPanel(panel: TrainingSeries[], options?: { aggregates?: boolean }): Promise<PanelFit>;
  /** How many SKUs a batch should hold to keep the trainer busy. */
  readonly batchSize: number;
  close(): Promise<void>;
}

export const MODEL_TRAINER = Symbol('MODEL_TRAINER');
