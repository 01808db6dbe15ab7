import { directionalAccuracy, intervalCoverage, mapeDetail, wape } from '@salescast/forecasting';

/** One day of a SKU for which both a forecast (made before the day) and the actual are known. */
export interface MatchedPoint {
  day: string;
  actual: number;
  mean: number;
  lower80: number | null;
  upper80: number | null;
}

export interface RealisedAccuracy {
  points: number;
  /** Percent; NaN when every actual was 0. */
  mape: number;
  /** Percent. */
  wape: number;
  /** 0..1. */
  directionalAccuracy: number;
  /** Share of actuals inside the 80 % interval, 0..1 (NaN without intervals). */
  coverage80: number;
}

/**
 * Realised accuracy of the forecasts issued for a SKU, scored with the engine's own metric code.
 * `lastObserved` is the actual on the day before the first matched day (the forecast's starting point).
 */
export function realisedAccuracy(points: MatchedPoint[], lastObserved: number): RealisedAccuracy {
  const actual = points.map((p) => p.actual);
  const mean = points.map((p) => p.mean);
  const withIntervals = points.filter((p) => p.lower80 !== null && p.upper80 !== null);
  return {
    points: points.length,
    mape: points.length ? mapeDetail(actual, mean).value : NaN,
    wape: points.length ? wape(actual, mean) : NaN,
    directionalAccuracy: points.length ? directionalAccuracy(actual, mean, lastObserved) : NaN,
    coverage80: withIntervals.length
      ? intervalCoverage(
          withIntervals.map((p) => p.actual),
          withIntervals.map((p) => p.lower80 as number),
          withIntervals.map((p) => p.upper80 as number),
        )
      : NaN,
  };
}
