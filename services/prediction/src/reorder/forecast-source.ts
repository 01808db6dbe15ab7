import { Injectable } from '@nestjs/common';
import { addPeriods } from '@salescast/forecasting';
import { DemandForecast } from '@salescast/planning';
import { ChampionCache } from '../champions/champion-cache';
import { SnapshotStore } from '../snapshots/snapshot-store';

/** Interval levels a plan reads (the levels forecasts.published.v1 carries at least). */
export const PLAN_LEVELS = [50, 80, 95] as const;

/** The forecast a plan is computed from, and which one it was. */
export interface PlanForecast extends DemandForecast {
  /** Id of the forecast (snapshot id, or the model version it was predicted by). */
  forecastId: string;
}

/**
 * Where the reorder module gets a SKU's daily forecast with its quantiles: the SKU's latest published
 * snapshot (what every other reader is served, rolled forward as actuals arrive), or, before one is
 * published, the champion in memory.
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

/**
 * ForecastSource over the published snapshots: the SKU's latest snapshot (the forecast every reader
 * is served, at its own origin), its first `horizonDays` days at PLAN_LEVELS; the champion's own
 * prediction while no snapshot is held yet (just after a promotion, before its snapshot is stored).
 */
@Injectable()
export class SnapshotForecastSource implements ForecastSource {
  constructor(
    private readonly snapshots: SnapshotStore,
    private readonly champions: ChampionForecastSource,
  ) {}

  async forecast(sku: string, horizonDays: number): Promise<PlanForecast | undefined> {
    const s = this.snapshots.get(sku);
    if (!s || s.path.dates.length < horizonDays) return this.champions.forecast(sku, horizonDays);
    const levels = s.path.intervals.filter((iv) => (PLAN_LEVELS as readonly number[]).includes(iv.level));
    return {
      sku,
      forecastId: s.snapshotId,
      originDate: s.originDate,
      points: s.path.dates.slice(0, horizonDays).map((date, i) => ({
        date,
        mean: Math.max(0, s.path.mean[i]),
        intervals: levels.map((iv) => ({
          level: iv.level,
          lower: Math.max(0, iv.lower[i]),
          upper: Math.max(0, iv.upper[i]),
        })),
      })),
    };
  }
}
