import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import {
  AccuracyFigures,
  AccuracyRow,
  aggregate,
  horizonBucket,
  Observation,
  score,
  topSkusByRevenue,
} from '@salescast/monitoring';
import { CONFIG, LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { AlertingConfig } from '../config';
import { AccuracyRepository } from './accuracy.repository';

export interface AccuracyQuery {
  sku: string;
  category: string;
  topSkus: boolean;
  horizonBucket: string;
  month: string;
}

const DAY = 86_400_000;
const dayBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);

/**
 * Realised accuracy over every published (and issued) forecast point with a known actual: served by
 * MonitoringService, exported to /metrics with bounded labels (scope, category, horizon bucket; the
 * last months; the top SKUs by revenue only), and judged per SKU for the accuracy alert.
 */
@Injectable()
export class AccuracyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly gauges;
  private dirty = true;
  private timer?: NodeJS.Timeout;
  private refreshing = false;

  constructor(
    private readonly repo: AccuracyRepository,
    @Inject(CONFIG) private readonly config: AlertingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.gauges = {
      ratio: metrics.gauge(
        'salescast_forecast_accuracy_ratio',
        'Realised accuracy of published forecasts (mape, wape, directional, coverage80) as a ratio, by scope (overall, top20, category), category and horizon bucket',
        ['metric', 'scope', 'category', 'horizon'],
      ),
      units: metrics.gauge(
        'salescast_forecast_error_units',
        'Realised forecast error in units (rmse, mae), by scope, category and horizon bucket',
        ['metric', 'scope', 'category', 'horizon'],
      ),
      points: metrics.gauge(
        'salescast_forecast_evaluated_points',
        'Forecast days with a known actual, by scope, category and horizon bucket',
        ['scope', 'category', 'horizon'],
      ),
      monthly: metrics.gauge(
        'salescast_forecast_monthly_accuracy_ratio',
        'Realised accuracy by calendar month of the forecast day (last months only), overall and top 20 % SKUs',
        ['metric', 'scope', 'month'],
      ),
      sku: metrics.gauge(
        'salescast_forecast_top_sku_accuracy_ratio',
        'Realised accuracy of the top SKUs by revenue (capped by METRICS_TOP_SKUS)',
        ['metric', 'sku'],
      ),
    };
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refreshMetrics(), 2000);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Marks the exported figures stale; they are recomputed within seconds, at most once per tick. */
  touched(): void {
    this.dirty = true;
  }

  async accuracy(q: AccuracyQuery): Promise<AccuracyFigures | undefined> {
    if (q.sku) {
      if (!(await this.repo.hasSku(q.sku))) return undefined;
      return score(await this.repo.scoredPoints('0001-01-01', q.sku));
    }
    const points = await this.repo.scoredPoints('0001-01-01');
    const top = q.topSkus ? new Set(topSkusByRevenue(await this.repo.revenueBySku('0001-01-01'))) : undefined;
    return score(
      points.filter(
        (p) =>
          (!q.category || p.category === q.category) &&
          (!top || top.has(p.sku)) &&
          (!q.horizonBucket || horizonBucket(p.horizon) === q.horizonBucket) &&
          (!q.month || p.day.startsWith(q.month)),
      ),
    );
  }

  /** The accuracy alert's observation for a SKU: WAPE of its current champion's forecasts. */
  async observe(sku: string, champion: { model_version_id: string; origin_date: string } | undefined): Promise<Observation[]> {
    if (!champion) return [];
    const pts = await this.repo.championPoints(sku, champion.model_version_id, champion.origin_date);
    const actual = pts.reduce((a, p) => a + p.actual, 0);
    const err = pts.reduce((a, p) => a + Math.abs(p.mean - p.actual), 0);
    const wape = actual > 0 ? err / actual : NaN;
    const judged = pts.length >= this.config.ACCURACY_MIN_POINTS && Number.isFinite(wape);
    return [
      {
        kind: 'accuracy_degraded',
        scope: 'sku',
        key: sku,
        holds: judged && wape > this.config.ACCURACY_WAPE_TARGET,
        severity: 'warning',
        evidence: {
          metric: 'wape',
          value: Number.isFinite(wape) ? wape : 0,
          threshold: this.config.ACCURACY_WAPE_TARGET,
          detail: `champion ${champion.model_version_id} over ${pts.length} days after ${champion.origin_date}`,
        },
      },
    ];
  }

  async refreshMetrics(): Promise<void> {
    if (!this.dirty || this.refreshing) return;
    this.refreshing = true;
    this.dirty = false;
    try {
      const last = await this.repo.latestDay();
      if (!last) return;
      const from = dayBefore(last, 400);
      const [points, revenue] = [await this.repo.scoredPoints(from), await this.repo.revenueBySku(from)];
      const top = topSkusByRevenue(revenue);
      const rows = aggregate(points, top);
      this.export(rows, topSkusByRevenue(revenue, 1).slice(0, this.config.METRICS_TOP_SKUS));
    } catch (e) {
      this.dirty = true;
      this.logger.warn({ err: (e as Error).message }, 'accuracy metrics refresh failed; will retry');
    } finally {
      this.refreshing = false;
    }
  }

  private export(rows: AccuracyRow[], topSkus: string[]): void {
    for (const g of Object.values(this.gauges)) g.reset();
    const months = [...new Set(rows.map((r) => r.month).filter((m) => m !== 'all'))]
      .sort()
      .slice(-this.config.METRICS_MONTHS);
    const topSet = new Set(topSkus);
    const ratio = (r: AccuracyRow) =>
      ({ mape: r.mape / 100, wape: r.wape / 100, directional: r.directionalAccuracy, coverage80: r.coverage80 }) as Record<string, number>;
    for (const r of rows) {
      if (r.scope === 'sku') {
        if (!topSet.has(r.key)) continue;
        for (const [metric, v] of Object.entries(ratio(r)))
          if (Number.isFinite(v)) this.gauges.sku.set({ metric, sku: r.key }, v);
        continue;
      }
      if (r.month !== 'all') {
        if (r.horizon !== 'all' || r.scope === 'category' || !months.includes(r.month)) continue;
        for (const [metric, v] of Object.entries(ratio(r)))
          if (Number.isFinite(v)) this.gauges.monthly.set({ metric, scope: r.scope, month: r.month }, v);
        continue;
      }
      const labels = { scope: r.scope, category: r.key, horizon: r.horizon };
      this.gauges.points.set(labels, r.points);
      for (const [metric, v] of Object.entries(ratio(r)))
        if (Number.isFinite(v)) this.gauges.ratio.set({ metric, ...labels }, v);
      if (Number.isFinite(r.rmse)) this.gauges.units.set({ metric: 'rmse', ...labels }, r.rmse);
      if (Number.isFinite(r.mae)) this.gauges.units.set({ metric: 'mae', ...labels }, r.mae);
    }
  }
}
