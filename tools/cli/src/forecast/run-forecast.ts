import {
  adjustedFactors,
  adjustmentsFor,
  countQuantile,
  Executor,
  forecastHierarchy,
  Forecast,
  isCountSeries,
  SeriesResult,
} from '@salescast/forecasting';
import { SeriesSelection, SkuSeries } from '../dataset/daily-series';
import { dayNumber, isoDay } from '@salescast/datagen';

/**
 * The daily forecast of one SKU, post-processed for buyers: no negative units, the run-down toward a planned end
 * of sale and nothing after it, a price that just moved, the climb still to come after a recent launch.
 */
export interface SkuForecast {
  input: SkuSeries;
  result: SeriesResult;
  dates: string[];
  mean: number[];
  /**
   * What each day's engine forecast (`result.forecast`, mean and every interval) was multiplied by after the
   * reconciliation: the run-down toward a planned end of sale (0 from it on), a price that just moved and the
   * ramp-up after a recent launch.
   * Absent: 1 everywhere.
   */
  factors?: number[];
  /**
   * 10th / 50th / 90th percentiles: the engine's 80 % interval, and its mean as the median. Where the SKU's
   * history is whole units, the interval's bounds are too: quantiles of a count (core/count-quantiles.ts).
   */
  p10: number[];
  p50: number[];
  p90: number[];
  /**
   * The same 80 % interval left continuous: what sums of days (the monthly totals, the report's weekly band)
   * derive their spread from, since a day's whole-unit bounds keep only a coarse trace of it.
   */
  band: { lower: number[]; upper: number[] };
}

/** The forecast of a category (the sum of its SKUs') or of the whole shop, reconciled with the SKUs'. */
export interface AggregateForecast {
  level: 'category' | 'total';
  name: string;
  skus: number;
  dates: string[];
  mean: number[];
  p10: number[];
  p90: number[];
}

export interface ForecastRun {
  asOf: string;
  horizon: number;
  forecasts: SkuForecast[];
  /** Every category of the forecast SKUs, then the total: each the sum of its SKUs' forecasts, day by day. */
  aggregates: AggregateForecast[];
  /** Weekdays the shop was found closed on (0 = Sunday), forecast 0. */
  closedWeekdays: number[];
  skipped: SeriesSelection['skipped'];
  seconds: number;
}

export interface RunOptions {
  horizon: number;
  seed?: number;
  /** Ensemble members by registry name (default: the engine's). */
  members?: string[];
  /** Where the series run (default: inline). */
  executor?: Executor;
  onProgress?: (done: number, total: number) => void;
  /** What the engine does before the SKUs start (the global model's fit). */
  onStage?: (message: string) => void;
}

const LEVEL = 80;

/** Non-negative, × each day's factor (run-down, price change, launch ramp; 0 from the end of sale on). */
function scaled(values: readonly number[], factors: readonly number[]): number[] {
  return values.map((v, i) => (!Number.isFinite(v) ? 0 : Math.max(0, v * factors[i])));
}

/** An interval's bounds as written: whole units where the data are counts (core/count-quantiles.ts). */
const asWritten = (bounds: number[], count: boolean) => (count ? bounds.map(countQuantile) : bounds);

/**
 * Runs the forecasting engine on every selected SKU series, with their categories and the total
 * (forecastHierarchy: SKUs borrow their category's season and level, and the levels add up).
 */
export async function runForecast(selection: SeriesSelection, options: RunOptions): Promise<ForecastRun> {
  const started = Date.now();
  const hierarchy = await forecastHierarchy(
    selection.series.map(({ series, context, sku }) => ({ series, context, group: sku.category })),
    {
      horizon: options.horizon,
      levels: [50, LEVEL, 95],
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.members && { members: options.members }),
      ...(options.executor && { executor: options.executor }),
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(options.onStage && { onStage: options.onStage }),
    },
  );
  const firstDay = dayNumber(selection.asOf) + 1;
  const days = Array.from({ length: options.horizon }, (_, i) => firstDay + i);
  const dates = days.map(isoDay);
  const forecasts = hierarchy.skus.map((result, i): SkuForecast => {
    const input = selection.series[i];
    // a planned end of sale: 0 from it on, and before it the run-down the panel's ended SKUs showed; a list
    // price that just moved: its effect by the data set's elasticity; a SKU launched within the data: the climb
    // the panel's launches still made from its age on, less the growth its (reconciled) forecast already has
    // (dataset/daily-series.ts, core/panel-adjustments.ts: as the training service applies them)
    const stop = input.sku.discontinuedOn !== undefined ? dayNumber(input.sku.discontinuedOn) : Infinity;
    const adjustments = adjustmentsFor(
      selection,
      {
        daysToEnd: stop - (firstDay - 1),
        ...(input.launchAge !== undefined && { launchAge: input.launchAge }),
        priceFactor: input.priceFactor ?? 1,
        y: input.series.y,
      },
      options.horizon,
    );
    const factors = adjustedFactors(result.forecast.mean, adjustments);
    const band = result.forecast.intervals[LEVEL];
    const mean = scaled(result.forecast.mean, factors);
    const count = isCountSeries(input.series.y);
    const lower = band ? scaled(band.lower, factors) : mean;
    const upper = band ? scaled(band.upper, factors) : mean;
    return {
      input,
      result,
      dates,
      factors,
      mean,
      p10: band ? asWritten(lower, count) : mean,
      p50: mean,
      p90: band ? asWritten(upper, count) : mean,
      band: { lower, upper },
    };
  });
  // The aggregates are re-summed from the SKUs as written (after their factors), so they add up; their bands are
  // in whole units when every SKU's history is.
  const counts = forecasts.every((f) => isCountSeries(f.input.series.y));
  const aggregate = (
    level: AggregateForecast['level'],
    name: string,
    skus: number,
    f: Forecast,
    of: SkuForecast[],
  ) => {
    const mean = dates.map((_, k) => of.reduce((s, x) => s + x.mean[k], 0));
    const band = f.intervals[LEVEL];
    const factor = mean.map((m, k) => (f.mean[k] > 0 ? m / f.mean[k] : 0));
    return {
      level,
      name,
      skus,
      dates,
      mean,
      p10: band
        ? asWritten(
            band.lower.map((v, k) => Math.max(0, v * factor[k])),
            counts,
          )
        : mean,
      p90: band
        ? asWritten(
            band.upper.map((v, k) => Math.max(0, v * factor[k])),
            counts,
          )
        : mean,
    };
  };
  const aggregates: AggregateForecast[] = [
    ...hierarchy.groups.map((g) =>
      aggregate(
        'category',
        g.id,
        g.skus,
        g.forecast,
        forecasts.filter((f) => (f.input.sku.category ?? '') === g.id),
      ),
    ),
    aggregate('total', 'total', hierarchy.total.skus, hierarchy.total.forecast, forecasts),
  ];
  return {
    asOf: selection.asOf,
    horizon: options.horizon,
    forecasts,
    aggregates,
    closedWeekdays: hierarchy.closedWeekdays,
    skipped: selection.skipped,
    seconds: (Date.now() - started) / 1000,
  };
}
