import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { dailySalesProblem } from '@salescast/contracts';
import {
  EVENT_CONSUMER,
  EventConsumerPort,
  LOGGER,
  METRICS,
  Metrics,
  topicSubscription,
} from '@salescast/platform';
import type { Logger } from 'pino';
import { AccuracyRepository } from './accuracy.repository';
import { RealisedAccuracy, realisedAccuracy } from './realised-accuracy';

/**
 * Joins `forecasts.issued.v1` with `sales.daily.v1` actuals and exports realised accuracy per SKU on
 * /metrics. Gauges are recomputed from the database for the SKUs each batch touched (and for all at
 * start), so they survive restarts and redeliveries.
 */
@Injectable()
export class AccuracyService implements OnApplicationBootstrap {
  private readonly gauges;

  constructor(
    private readonly repo: AccuracyRepository,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    const g = (name: string, help: string) => metrics.gauge(name, help, ['sku']);
    this.gauges = {
      mape: g('salescast_forecast_mape', 'Realised MAPE (percent) of issued forecasts vs actual daily sales'),
      wape: g('salescast_forecast_wape', 'Realised WAPE (percent) of issued forecasts vs actual daily sales'),
      directional: g(
        'salescast_forecast_directional_accuracy',
        'Share of forecast steps with the right direction (0..1)',
      ),
      coverage80: g(
        'salescast_forecast_interval_coverage_80',
        'Share of actuals inside the 80 % interval (0..1)',
      ),
      points: g('salescast_forecast_evaluated_points', 'Forecast days with a known actual'),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const sku of await this.repo.skusWithForecasts()) await this.refresh(sku);
    await this.consumer.subscribe(
      topicSubscription('forecasts.issued.v1', {
        groupId: 'alerting.forecasts',
        validate: (f) => (!f.sku ? 'sku: required' : !f.forecastId ? 'forecast_id: required' : undefined),
        handle: async (batch) => this.refreshAll(await this.repo.recordForecasts(batch)),
      }),
    );
    await this.consumer.subscribe(
      topicSubscription('sales.daily.v1', {
        groupId: 'alerting.actuals',
        validate: dailySalesProblem,
        handle: async (batch) => this.refreshAll(await this.repo.recordActuals(batch)),
      }),
    );
  }

  async accuracy(sku: string): Promise<RealisedAccuracy> {
    const { points, lastObserved } = await this.repo.matched(sku);
    return realisedAccuracy(points, lastObserved);
  }

  private async refreshAll(skus: string[]): Promise<void> {
    for (const sku of skus) await this.refresh(sku);
  }

  private async refresh(sku: string): Promise<void> {
    const a = await this.accuracy(sku);
    if (a.points === 0) return;
    const set = (g: (typeof this.gauges)['mape'], v: number) =>
      Number.isFinite(v) ? g.set({ sku }, v) : g.remove({ sku });
    set(this.gauges.mape, a.mape);
    set(this.gauges.wape, a.wape);
    set(this.gauges.directional, a.directionalAccuracy);
    set(this.gauges.coverage80, a.coverage80);
    this.gauges.points.set({ sku }, a.points);
    this.logger.debug({ sku, ...a }, 'realised accuracy updated');
  }
}
