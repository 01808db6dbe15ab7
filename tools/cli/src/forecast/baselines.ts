import { dayNumber, isoDay } from '@salescast/datagen';
import { SeriesSelection } from '../dataset/daily-series';
import { ForecastRow } from '../evaluate/evaluate-forecast';

/** Days making up "the recent level" (about a month, e.g. June before a July–August horizon). */
const LEVEL_DAYS = 30;
/** One year back on the same weekday. */
const YEAR = 364;

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/**
 * Simple reference forecasts for the accuracy benchmark, per SKU and day (no intervals):
 *  - `naive_level`: the mean of the last 30 days, flat (a buyer's "same as June");
 *  - `seasonal_naive`: the same weekday a year earlier (y[t − 364]);
 *  - `level_x_seasonal_ratio`: the last-30-day level × how the horizon window compared with the 30 days
 *    before it in earlier years (e.g. June level × historical July–August / June ratio).
 * Each is what the engine must beat to be worth its complexity.
 */
export function baselineForecasts(
  selection: SeriesSelection,
  horizon: number,
): Record<'naive_level' | 'seasonal_naive' | 'level_x_seasonal_ratio', ForecastRow[]> {
  const out = {
    naive_level: [] as ForecastRow[],
    seasonal_naive: [] as ForecastRow[],
    level_x_seasonal_ratio: [] as ForecastRow[],
  };
  const asOfDay = dayNumber(selection.asOf);
  for (const { series } of selection.series) {
    const y = series.y;
    const n = y.length;
    const level = mean(y.slice(Math.max(0, n - LEVEL_DAYS)));
    let windowSum = 0;
    let baseSum = 0;
    for (let k = 1; n - 1 - YEAR * k - LEVEL_DAYS >= 0; k++) {
      const end = n - 1 - YEAR * k; // index of the as-of day k years back
      baseSum += y.slice(end - LEVEL_DAYS + 1, end + 1).reduce((a, b) => a + b, 0);
      windowSum += y.slice(end + 1, Math.min(n, end + 1 + horizon)).reduce((a, b) => a + b, 0);
    }
    const ratio = baseSum > 0 ? windowSum / horizon / (baseSum / LEVEL_DAYS) : 1;
    for (let h = 1; h <= horizon; h++) {
      const date = isoDay(asOfDay + h);
      const back = n - 1 + h - YEAR * Math.ceil(h / YEAR);
      out.naive_level.push({ sku: series.id, date, mean: level });
      out.seasonal_naive.push({ sku: series.id, date, mean: back >= 0 ? y[back] : level });
      out.level_x_seasonal_ratio.push({ sku: series.id, date, mean: level * ratio });
    }
  }
  return out;
}
