import { defaultRegistry, RECONCILED_MODEL } from '@salescast/forecasting';
import { TrainedModel } from '../trainer/trainer.port';
import { adjusted } from './adjusted-fit';

describe('adjusted (a drift run’s fit with the adjustments after the engine)', () => {
  const registry = defaultRegistry();
  // a real seasonal naive on a 2-day season: 2, 4, 2, 4, …
  const base = registry
    .get('snaive')
    .fit({ id: 'A', freq: 'daily', start: '2025-06-23', y: [2, 4, 2, 4, 2, 4, 2, 4] }, { seasonPeriod: 2 });
  const fit: TrainedModel = {
    modelName: 'snaive',
    model: base.toJSON(),
    originDate: '2025-06-30',
    frequency: 'daily',
    backtest: { wape: 0.2 },
    forecast: [2, 4, 2, 4],
  };

  it('wraps the model as reconciled with the factors, and scales its recorded forecast', () => {
    const out = adjusted(fit, { factors: [0.5, 0.5, 0.25, 0] });
    // 0 (off sale from a planned end on) counts as 1: the fit's guards forecast 0 there already
    expect(out.forecast).toEqual([1, 2, 0.5, 4]);
    expect(out.model.model).toBe(RECONCILED_MODEL);
    expect(out.backtest).toEqual(fit.backtest);
    // what the registry stores and the prediction service restores
    expect(registry.fromJSON(JSON.parse(JSON.stringify(out.model))).predict(4).mean).toEqual([1, 2, 0.5, 4]);
  });

  it('lifts by the launch ramp less what the forecast already climbs, and leaves a fit without any as it is', () => {
    const out = adjusted(
      { ...fit, forecast: [3, 3, 3, 3] },
      { ramp: { factors: [1.5, 1.5, 1.5, 1.5], level: 3 } },
    );
    expect(out.forecast).toEqual([4.5, 4.5, 4.5, 4.5]);
    expect(adjusted(fit, undefined)).toBe(fit);
    expect(adjusted(fit, { factors: [1, 1, 1, 1] })).toBe(fit);
  });
});
