import { BusinessEventRecord, SerializedModel } from '@salescast/forecasting';

/** One SKU's history as the feature store serves it. */
export interface TrainingSeries {
  sku: string;
  /** Date of quantities[0], YYYY-MM-DD. */
  start: string;
  quantities: number[];
  /** Business events (shutdowns, reopenings, promotions) whose scope may cover this SKU. */
  events?: BusinessEventRecord[];
  /** The SKU's category, for `category:<name>` scopes. */
  category?: string;
}

export interface TrainedModel {
  modelName: string;
  model: SerializedModel;
  /** Last observed day: forecasts start the day after. */
  originDate: string;
  frequency: 'daily';
  backtest: { smape?: number; mase?: number; wape?: number };
}

/**
 * The seam where the forecasting engine plugs into the training service: fit one SKU, return a
 * serialisable model. The service never sees model internals.
 */
export interface ModelTrainer {
  train(series: TrainingSeries): TrainedModel;
}

export const MODEL_TRAINER = Symbol('MODEL_TRAINER');
