import { dayNumber, isoDay } from '@salescast/datagen';
import { disruptionMask } from '@salescast/forecasting';
import { SeriesSelection } from '../dataset/daily-series';
import { ForecastRow } from '../evaluate/evaluate-forecast';

/** Days making up "the recent level" (about a month, e.g. June before a July–August horizon). */
const LEVEL_DAYS = 30;
/** One year back on the same weekday. */
const YEAR = 364;

export type BaselineName = 'naive_level' | 'seasonal_naive' | 'level_x_seasonal_ratio';

function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** The same calendar date `years` earlier (29 February → 28 February). */
function yearsBack(day: number, years: number): number {
  const iso = isoDay(day);
  const y = Number(iso.slice(0, 4)) - years;
  const md = iso.slice(5) === '02-29' ? '02-28' : iso.slice(5);
  return dayNumber(`${y}-${md}`);
}

/**
 * Simple reference forecasts for the accuracy benchmark, per SKU and day (no intervals):
 *  - `naive_level`: the mean of the last 30 days, flat (a buyer's "same as June");
 *  - `seasonal_naive`: the same weekday a year earlier (y[t − 364]);
 *  - `level_x_seasonal_ratio`: the last-30-day level × how each calendar month of the horizon compared with
 *    the 30 days before the as-of date in earlier years (e.g. June level × historical July / June ratio for
 *    July, × August / June for August), pooled over every earlier year whose base and month were wholly in
 *    the history and outside declared disruptions (a shutdown year says nothing about the season); ratio 1
 *    when no year qualifies.
 * Each is what the engine must beat to be worth its complexity.
 */
export function baselineForecasts(
  selection: SeriesSelection,
  horizon: number,
): Record<BaselineName, ForecastRow[]> {
  const out: Record<BaselineName, ForecastRow[]> = {
    naive_level: [],
    seasonal_naive: [],
    level_x_seasonal_ratio: [],
  };
  const asOfDay = dayNumber(selection.asOf);
  for (const { series, context } of selection.series) {
    const y = series.y;
    const n = y.length;
    const start = dayNumber(series.start);
    const masked = disruptionMask(n, context.disruptions);
    const level = mean(y.slice(Math.max(0, n - LEVEL_DAYS)));
    /** Σ y over days [from, to] when all are in the history and undisrupted, else undefined. */
    const sum = (from: number, to: number): number | undefined => {
      let s = 0;
      for (let d = from; d <= to; d++) {
        const i = d - start;
        if (i < 0 || i >= n || masked[i]) return undefined;
        s += y[i];
      }
      return s;
    };
    const months = new Map<string, { first: number; last: number }>();
    for (let h = 1; h <= horizon; h++) {
      const day = asOfDay + h;
      const month = isoDay(day).slice(0, 7);
      const m = months.get(month);
      if (m) m.last = day;
      else months.set(month, { first: day, last: day });
    }
    const ratios = new Map<string, number>();
    for (const [month, { first, last }] of months) {
      let windowPerDay = 0;
      let basePerDay = 0;
      for (let k = 1; ; k++) {
        const baseEnd = yearsBack(asOfDay, k);
        if (baseEnd - LEVEL_DAYS + 1 < start) break;
        const base = sum(baseEnd - LEVEL_DAYS + 1, baseEnd);
        const from = yearsBack(first, k);
        const to = yearsBack(last, k);
        const window = sum(from, to);
        if (base === undefined || window === undefined) continue;
        basePerDay += base / LEVEL_DAYS;
        windowPerDay += window / (to - from + 1);
      }
      ratios.set(month, basePerDay > 0 ? windowPerDay / basePerDay : 1);
    }
    for (let h = 1; h <= horizon; h++) {
      const day = asOfDay + h;
      const date = isoDay(day);
      const back = n - 1 + h - YEAR * Math.ceil(h / YEAR);
      out.naive_level.push({ sku: series.id, date, mean: level });
      out.seasonal_naive.push({ sku: series.id, date, mean: back >= 0 ? y[back] : level });
      out.level_x_seasonal_ratio.push({
        sku: series.id,
        date,
        mean: level * (ratios.get(date.slice(0, 7)) ?? 1),
      });
    }
  }
  return out;
}
