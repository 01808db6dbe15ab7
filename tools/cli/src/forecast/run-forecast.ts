import { Executor, forecastPanel, SeriesResult } from '@salescast/forecasting';
import { SeriesSelection, SkuSeries } from '../dataset/daily-series';
import { dayNumber, isoDay } from '@salescast/datagen';

/** The daily forecast of one SKU, post-processed for buyers (no negative units, nothing after discontinuation). */
export interface SkuForecast {
  input: SkuSeries;
  result: SeriesResult;
  dates: string[];
  mean: number[];
  /** 10th / 50th / 90th percentiles: the engine's 80 % interval, and its mean as the median. */
  p10: number[];
  p50: number[];
  p90: number[];
}

export interface ForecastRun {
  asOf: string;
  horizon: number;
  forecasts: SkuForecast[];
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
}

const LEVEL = 80;

function clip(values: readonly number[], days: readonly number[], stopDay: number): number[] {
  return values.map((v, i) => (days[i] >= stopDay || !Number.isFinite(v) ? 0 : Math.max(0, v)));
}

/** Runs the forecasting engine on every selected SKU series, in-process. */
export async function runForecast(selection: SeriesSelection, options: RunOptions): Promise<ForecastRun> {
  const started = Date.now();
  const results = await forecastPanel(
    selection.series.map(({ series, context }) => ({ series, context })),
    {
      horizon: options.horizon,
      levels: [50, LEVEL, 95],
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.members && { members: options.members }),
      ...(options.executor && { executor: options.executor }),
      ...(options.onProgress && { onProgress: options.onProgress }),
    },
  );
  const firstDay = dayNumber(selection.asOf) + 1;
  const days = Array.from({ length: options.horizon }, (_, i) => firstDay + i);
  const forecasts = results.map((result, i): SkuForecast => {
    const input = selection.series[i];
    const stop = input.sku.discontinuedOn !== undefined ? dayNumber(input.sku.discontinuedOn) : Infinity;
    const band = result.forecast.intervals[LEVEL];
    const mean = clip(result.forecast.mean, days, stop);
    return {
      input,
      result,
      dates: days.map(isoDay),
      mean,
      p10: band ? clip(band.lower, days, stop) : mean,
      p50: mean,
      p90: band ? clip(band.upper, days, stop) : mean,
    };
  });
  return {
    asOf: selection.asOf,
    horizon: options.horizon,
    forecasts,
    skipped: selection.skipped,
    seconds: (Date.now() - started) / 1000,
  };
}
