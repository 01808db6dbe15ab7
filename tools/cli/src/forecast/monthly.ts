import { sigmaFromBand, Z80 } from './normal';
import { SkuForecast } from './run-forecast';

export interface MonthlyForecast {
  sku: string;
  /** YYYY-MM */
  month: string;
  /** Forecast days of the month inside the horizon (a month may be partly covered). */
  days: number;
  mean: number;
  p10: number;
  p90: number;
}

/**
 * Monthly totals per SKU. Means add up; the 80 % band of a month is rebuilt from the daily bands assuming
 * independent days (σ² add up), which is narrower than the truth when errors persist over days.
 */
export function monthlyForecasts(f: SkuForecast): MonthlyForecast[] {
  const months = new Map<string, { days: number; mean: number; variance: number }>();
  f.dates.forEach((date, i) => {
    const key = date.slice(0, 7);
    const m = months.get(key) ?? { days: 0, mean: 0, variance: 0 };
    m.days++;
    m.mean += f.mean[i];
    m.variance += sigmaFromBand(f.band.lower[i], f.band.upper[i]) ** 2;
    months.set(key, m);
  });
  return [...months].map(([month, m]) => {
    const half = Z80 * Math.sqrt(m.variance);
    return {
      sku: f.input.sku.sku,
      month,
      days: m.days,
      mean: m.mean,
      p10: Math.max(0, m.mean - half),
      p90: m.mean + half,
    };
  });
}
