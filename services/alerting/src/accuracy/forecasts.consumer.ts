import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { AlertsService } from '../alerts/alerts.service';
import { AccuracyRepository, ForecastRecord } from './accuracy.repository';
import { AccuracyService } from './accuracy.service';

const problem = (f: { sku: string; originDate: string }, id: string, idField: string) =>
  !f.sku
    ? 'sku: required'
    : !id
      ? `${idField}: required`
      : !/^\d{4}-\d{2}-\d{2}$/.test(f.originDate)
        ? 'origin_date: want YYYY-MM-DD'
        : undefined;

/** forecasts.published.v1: every snapshot prediction publishes is scored against the actuals. */
@Injectable()
export class ForecastsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly repo: AccuracyRepository,
    private readonly accuracy: AccuracyService,
    private readonly alerts: AlertsService,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('forecasts.published.v1', {
        groupId: 'alerting.forecasts-published',
        validate: (f) => problem(f, f.snapshotId, 'snapshot_id'),
        handle: (batch) =>
          this.record(
            batch.map(({ value: f }) => ({
              forecastId: f.snapshotId,
              sku: f.sku,
              category: f.category,
              modelVersionId: f.modelVersionId,
              originDate: f.originDate,
              at: f.publishedAt ?? new Date(),
              points: f.points,
            })),
          ),
      }),
    );
  }

  private async record(batch: ForecastRecord[]): Promise<void> {
    await this.repo.recordForecasts(batch);
    this.accuracy.touched();
    await this.alerts.evaluate(batch.map((f) => f.sku));
  }
}
