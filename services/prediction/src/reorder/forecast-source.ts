import { Injectable } from '@nestjs/common';
import { addPeriods } from '@salescast/forecasting';
import { DemandForecast } from '@salescast/planning';
import { ChampionCache } from '../champions/champion-cache';

/** Interval levels a plan reads (the levels forecasts.published.v1 carries at least). */
export const PLAN_LEVELS = [50, 80, 95] as const;

/** The forecast a plan is computed from, and which one it was. */
export interface PlanForecast extends DemandForecast {
  /** Id of the forecast (snapshot id, or the model version it was predicted by). */
  forecastId: string;
}

/**
 * Where the reorder module gets a SKU's daily forecast with its quantiles. Today: the champion in
 * memory, predicted on demand; once published snapshots are stored, the latest ForecastPublished
 * snapshot of the SKU (same shape: points with intervals at 50/80/95).
 */
export interface ForecastSource {
  forecast(sku: string, horizonDays: number): Promise<PlanForecast | undefined>;
}

export const FORECAST_SOURCE = Symbol('FORECAST_SOURCE');

/** ForecastSource over the champion cache: the champion's prediction at PLAN_LEVELS, clipped at 0. */
@Injectable()
export class ChampionForecastSource implements ForecastSource {
  constructor(private readonly champions: ChampionCache) {}

  async forecast(sku: string, horizonDays: number): Promise<PlanForecast | undefined> {
    const champion = this.champions.get(sku);
    if (!champion) return undefined;
    const f = champion.model.predict(horizonDays, [...PLAN_LEVELS]);
    return {
      sku,
      forecastId: champion.modelVersionId,
      originDate: champion.originDate,
      points: f.mean.map((mean, i) => ({
        date: addPeriods(champion.originDate, 'daily', i + 1),
        mean: Math.max(0, mean),
        intervals: PLAN_LEVELS.filter((l) => f.intervals[l]).map((level) => ({
          level,
          lower: Math.max(0, f.intervals[level].lower[i]),
          upper: Math.max(0, f.intervals[level].upper[i]),
        })),
      })),
    };
  }
}
