import { Forecast } from '../core/types';
import { directionalAccuracy } from './direction';
import { intervalCoverage, intervalWidth } from './intervals';
import { accuracyFromMape, mae, mapeDetail, mase, rmse, smape, wape } from './point';

export interface ForecastScore {
  mape: number;
  /** Zero actuals MAPE had to skip. */
  mapeSkippedZeros: number;
  /** 100 − MAPE. */
  accuracy: number;
  smape: number;
  wape: number;
  mae: number;
  rmse: number;
  mase: number;
  directionalAccuracy: number;
  /** Per interval level (percent): share covered (0..1) and mean width. */
  intervals: Record<number, { coverage: number; width: number }>;
}

/**
 * Every metric of one forecast against its actuals, as the backtest and the accuracy dashboards report
 * them. `insample` is the history the forecast was made from (MASE scale, last observation for direction).
 */
export function scoreForecast(
  actual: readonly number[],
  forecast: Pick<Forecast, 'mean'> & Partial<Pick<Forecast, 'intervals'>>,
  insample: readonly number[],
  seasonPeriod: number,
): ForecastScore {
  const f = forecast.mean;
  const m = mapeDetail(actual, f);
  const intervals: ForecastScore['intervals'] = {};
  for (const [level, band] of Object.entries(forecast.intervals ?? {}))
    intervals[Number(level)] = {
      coverage: intervalCoverage(actual, band.lower, band.upper),
      width: intervalWidth(band.lower, band.upper),
    };
  return {
    mape: m.value,
    mapeSkippedZeros: m.skippedZeros,
    accuracy: accuracyFromMape(m.value),
    smape: smape(actual, f),
    wape: wape(actual, f),
    mae: mae(actual, f),
    rmse: rmse(actual, f),
    mase: mase(actual, f, insample, seasonPeriod),
    directionalAccuracy: directionalAccuracy(actual, f, lastFinite(insample)),
    intervals,
  };
}

function lastFinite(xs: readonly number[]): number {
  for (let i = xs.length - 1; i >= 0; i--) if (Number.isFinite(xs[i])) return xs[i];
  return NaN;
}
