import { intervalCoverage, mapeDetail, wape } from '@salescast/forecasting';
import { directionHits, previousPeriod } from './direction';

/** One row of forecasts.csv (p10/p90 may be absent, e.g. for a baseline without intervals). */
export interface ForecastRow {
  sku: string;
  date: string;
  mean: number;
  p10?: number;
  p90?: number;
}

/** One row of truth (daily_truth.csv or actual sales): units sold on a day. */
export interface TruthRow {
  sku: string;
  date: string;
  quantity: number;
  /** The truth's own 80 % band where it has one (the generator's noise-free p10 and p90). */
  p10?: number;
  p90?: number;
}

export interface EvaluateOptions {
  /** Granularity of MAPE/WAPE/direction: per SKU-month (the business's figure) or per SKU-day. */
  by: 'month' | 'day';
  /** Share of SKUs (by revenue) in the "top" group, e.g. 0.2. */
  topShare: number;
  /** Unit price per SKU for the revenue ranking; without it SKUs are ranked by actual units. */
  prices?: ReadonlyMap<string, number>;
  /**
   * The actual units of a SKU in a period before the forecast ('YYYY-MM' or 'YYYY-MM-DD', as `by` says), or
   * undefined when unknown: the A_{t−1} of the first forecast period for directional accuracy. Without it
   * the first period has no previous actual and only later moves are scored.
   */
  previousActual?: (sku: string, period: string) => number | undefined;
}

export interface Scores {
  /** SKU-periods scored. */
  points: number;
  /** MAPE in percent over SKU-periods with a non-zero actual (zeros skipped, counted below). */
  mape: number;
  mapeSkippedZeros: number;
  /** 100 − MAPE. */
  accuracy: number;
  wape: number;
  /**
   * Share (0..1) of forecast periods where sign(F_t − A_{t−1}) = sign(A_t − A_{t−1}), A_{t−1} being the
   * previous period's actual (the history's last period for the first one); NaN when none could be scored.
   */
  directionalAccuracy: number;
  /** Forecast periods scored for direction. */
  directionSteps: number;
}

export interface Evaluation {
  by: 'month' | 'day';
  skus: number;
  days: number;
  all: Scores;
  top: Scores & { skus: number; share: number; rankedBy: 'revenue' | 'units' };
  /** Share (0..1) of SKU-days whose actual lies within [p10, p90]; NaN without intervals. */
  coverage80: number;
  /**
   * The same share for the truth's own p10–p90 on the same SKU-days (NaN when the truth has no band): what a
   * perfect forecaster covers. With whole-unit sales it is well above 80 % (about 90 % on the generator's).
   */
  referenceCoverage80: number;
  /** Truth SKU-days with no forecast row (scored as missing, not as 0). */
  missingForecasts: number;
  perSku: Array<{ sku: string; actual: number; forecast: number; wape: number }>;
}

function periodOf(date: string, by: EvaluateOptions['by']): string {
  return by === 'month' ? date.slice(0, 7) : date;
}

/** Per SKU: aligned actual and forecast totals per period (periods in date order). */
function aggregate(forecast: ForecastRow[], truth: TruthRow[], by: EvaluateOptions['by']) {
  const fc = new Map<string, ForecastRow>();
  for (const f of forecast) fc.set(`${f.sku}\u0000${f.date}`, f);
  const series = new Map<string, Map<string, { actual: number; forecast: number }>>();
  const daily = {
    actual: [] as number[],
    lower: [] as number[],
    upper: [] as number[],
    truthLower: [] as number[],
    truthUpper: [] as number[],
  };
  let missing = 0;
  const days = new Set<string>();
  for (const t of truth) {
    const f = fc.get(`${t.sku}\u0000${t.date}`);
    if (!f) {
      missing++;
      continue;
    }
    days.add(t.date);
    const periods = series.get(t.sku) ?? new Map<string, { actual: number; forecast: number }>();
    series.set(t.sku, periods);
    const key = periodOf(t.date, by);
    const p = periods.get(key) ?? { actual: 0, forecast: 0 };
    p.actual += t.quantity;
    p.forecast += f.mean;
    periods.set(key, p);
    daily.actual.push(t.quantity);
    daily.lower.push(f.p10 ?? NaN);
    daily.upper.push(f.p90 ?? NaN);
    daily.truthLower.push(t.p10 ?? NaN);
    daily.truthUpper.push(t.p90 ?? NaN);
  }
  return { series, daily, missing, days: days.size };
}

function score(
  series: Map<string, Map<string, { actual: number; forecast: number }>>,
  skus: Iterable<string>,
  previousActual: EvaluateOptions['previousActual'],
): Scores {
  const actual: number[] = [];
  const predicted: number[] = [];
  let hits = 0;
  let steps = 0;
  for (const sku of skus) {
    const periods = [...(series.get(sku) ?? new Map()).entries()].sort(([a], [b]) => a.localeCompare(b));
    if (periods.length === 0) continue;
    const a = periods.map(([, p]) => p.actual);
    const f = periods.map(([, p]) => p.forecast);
    actual.push(...a);
    predicted.push(...f);
    const d = directionHits(a, f, previousActual?.(sku, previousPeriod(periods[0][0])));
    hits += d.hits;
    steps += d.steps;
  }
  const m = mapeDetail(actual, predicted);
  return {
    points: actual.length,
    mape: m.value,
    mapeSkippedZeros: m.skippedZeros,
    accuracy: 100 - m.value,
    wape: wape(actual, predicted),
    directionalAccuracy: steps > 0 ? hits / steps : NaN,
    directionSteps: steps,
  };
}

/**
 * Scores a forecast file against the truth: MAPE/WAPE per SKU-month (or day), the same on the top SKUs by
 * revenue, directional accuracy against the previous period's actual, and the daily p10–p90 coverage. Only SKU-days
 * present in both are scored; truth rows without a forecast are counted.
 */
export function evaluateForecast(
  forecast: ForecastRow[],
  truth: TruthRow[],
  options: EvaluateOptions,
): Evaluation {
  if (!(options.topShare > 0 && options.topShare <= 1))
    throw new RangeError(`--top-share must be in (0, 1], got ${options.topShare}`);
  const { series, daily, missing, days } = aggregate(forecast, truth, options.by);
  const perSku = [...series].map(([sku, periods]) => {
    const v = [...periods.values()];
    const actual = v.reduce((a, p) => a + p.actual, 0);
    const predicted = v.reduce((a, p) => a + p.forecast, 0);
    return {
      sku,
      actual,
      forecast: predicted,
      wape: wape(
        v.map((p) => p.actual),
        v.map((p) => p.forecast),
      ),
    };
  });
  const rankedBy = options.prices ? 'revenue' : 'units';
  const value = (s: { sku: string; actual: number }) => s.actual * (options.prices?.get(s.sku) ?? 1);
  const ranked = [...perSku].sort((a, b) => value(b) - value(a) || a.sku.localeCompare(b.sku));
  const topCount = Math.max(1, Math.round(ranked.length * options.topShare));
  const topSkus = ranked.slice(0, topCount).map((s) => s.sku);
  return {
    by: options.by,
    skus: series.size,
    days,
    all: score(series, series.keys(), options.previousActual),
    top: {
      ...score(series, topSkus, options.previousActual),
      skus: topSkus.length,
      share: options.topShare,
      rankedBy,
    },
    coverage80: intervalCoverage(daily.actual, daily.lower, daily.upper),
    referenceCoverage80: intervalCoverage(daily.actual, daily.truthLower, daily.truthUpper),
    missingForecasts: missing,
    perSku: ranked,
  };
}
