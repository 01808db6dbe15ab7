import {
  addPeriods,
  defaultRegistry,
  EngineOptions,
  eventsToContext,
  forecastSeries,
  loadEngine,
  Series,
  validateEngineOptions,
} from '@salescast/forecasting';
import { ModelTrainer, TrainedModel, TrainingSeries } from './trainer.port';

/**
 * Trains with libs/forecasting's pipeline: the members named in `members` (or the whole ensemble when
 * empty), walk-forward backtests choosing weights, fallback when a series is too short.
 */
export class EngineTrainer implements ModelTrainer {
  private constructor(private readonly options: EngineOptions) {}

  /** Validates the options (a bad member name stops the service at start) and loads the WASM runtimes. */
  static async create(options: EngineOptions): Promise<EngineTrainer> {
    validateEngineOptions(options, defaultRegistry());
    await loadEngine();
    return new EngineTrainer(options);
  }

  train(s: TrainingSeries): TrainedModel {
    if (s.quantities.length === 0) throw new Error(`sku ${s.sku}: empty series`);
    const series: Series = { id: s.sku, freq: 'daily', start: s.start, y: s.quantities };
    const context = { seasonPeriod: 7, ...eventsToContext(series, s.events ?? [], s.category) };
    const result = forecastSeries({ series, context }, this.options);
    const own = result.backtest.find((b) => b.member === result.chosen) ?? result.backtest[0];
    return {
      modelName: result.model.model,
      model: result.model,
      originDate: addPeriods(s.start, 'daily', s.quantities.length - 1),
      frequency: 'daily',
      backtest: own ? { smape: own.smape, mase: own.mase, wape: own.wape } : {},
    };
  }
}
