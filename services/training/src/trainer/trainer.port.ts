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
 * The seam where the forecasting engine plugs into the training service: fit a batch of SKUs, return a
 * serialisable model (or the error) per SKU, in order. The service never sees model internals, nor where
 * the fits run (worker threads here; other replicas via Kafka consumer groups later).
 */
export interface ModelTrainer {
  train(batch: TrainingSeries[]): Promise<Array<TrainedModel | Error>>;
  /** How many SKUs a batch should hold to keep the trainer busy. */
  readonly batchSize: number;
  close(): Promise<void>;
}

export const MODEL_TRAINER = Symbol('MODEL_TRAINER');
