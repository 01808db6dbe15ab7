import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { skuProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { SkusService } from './skus.service';

/** Consumes `erp.skus.v1`: validates (invalid → DLQ), maps, hands the SKUs on. */
@Injectable()
export class SkusConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly skus: SkusService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.skus.v1', {
        groupId: 'ingestion.skus',
        validate: skuProblem,
        handle: (batch) =>
          this.skus.upsert(
            batch.map(({ value: s }) => ({
              sku: s.sku,
              name: s.name,
              category: s.category,
              unitPrice: s.unitPrice,
              launchedOn: s.launchedOn || null,
              discontinuedOn: s.discontinuedOn || null,
            })),
          ),
      }),
    );
  }
}
