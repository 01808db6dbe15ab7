import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { AlertsService } from '../alerts/alerts.service';
import { DriftService } from './drift.service';

/** models.promoted.v1: each SKU's champion, whose training window drift is judged against. */
@Injectable()
export class ChampionsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly drift: DriftService,
    private readonly alerts: AlertsService,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('models.promoted.v1', {
        groupId: 'alerting.champions',
        validate: (m) =>
          !m.sku
            ? 'sku: required'
            : !m.modelVersionId
              ? 'model_version_id: required'
              : m.originDate && !/^\d{4}-\d{2}-\d{2}$/.test(m.originDate)
                ? 'origin_date: want YYYY-MM-DD'
                : undefined,
        handle: async (batch) => {
          const champions = batch
            .filter((e) => e.value.alias === 'champion' || !e.value.alias)
            .map(({ value: m, timestamp }) => ({
              sku: m.sku,
              modelVersionId: m.modelVersionId,
              // producers before origin_date existed: the training day is the closest we know
              originDate: m.originDate || (m.trainedAt ?? new Date(timestamp)).toISOString().slice(0, 10),
              promotedAt: m.envelope?.occurredAt ?? new Date(timestamp),
            }));
          await this.drift.recordChampions(champions);
          await this.alerts.evaluate(champions.map((c) => c.sku));
        },
      }),
    );
  }
}
