import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { dailySalesProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { DailySeriesService } from './daily-series.service';

/** Consumes `sales.daily.v1`: validates (invalid → DLQ), maps, hands the totals on. */
@Injectable()
export class DailySeriesConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly series: DailySeriesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('sales.daily.v1', {
        groupId: 'feature-store.daily-series',
        validate: dailySalesProblem,
        handle: (batch) =>
          this.series.record(
            batch.map(({ value: v, timestamp }) => ({
              sku: v.sku,
              day: v.date,
              quantity: v.quantity,
              revenue: v.revenue,
              returnedQuantity: v.returnedQuantity,
              orderLines: v.orderLines,
              sourceTs: v.envelope?.occurredAt ?? new Date(timestamp),
            })),
          ),
      }),
    );
  }
}
