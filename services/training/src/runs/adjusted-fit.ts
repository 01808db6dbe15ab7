import { adjustedFactors, reconciledJSON, SkuAdjustments, withAdjustments } from '@salescast/forecasting';
import { TrainedModel } from '../trainer/trainer.port';

/**
 * A fit of a run that is not reconciled (a drift run of a few SKUs), with the adjustments after the engine the
 * run's panel stage learned (run-down, price change, launch ramp): its model wrapped as `reconciled` with their
 * factors, as a reconciled run's end does, so that a drift retrain serves what the weekly run would.
 */
export function adjusted(fit: TrainedModel, adjustments: SkuAdjustments | undefined): TrainedModel {
  if (!adjustments) return fit;
  const factors = withAdjustments(
    fit.forecast.map(() => 1),
    adjustedFactors(fit.forecast, adjustments),
  );
  if (factors.length === 0 || factors.every((f) => f === 1)) return fit;
  return {
    ...fit,
    model: reconciledJSON(fit.model, factors),
    forecast: fit.forecast.map((m, k) => m * factors[k]),
  };
}
