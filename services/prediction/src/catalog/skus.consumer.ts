import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { events, skuProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, IncomingEvent, topicSubscription } from '@salescast/platform';
import { CatalogService } from './catalog.service';

/** `erp.skus.v1` → each SKU's category (for per-category listings and aggregates). */
@Injectable()
export class SkusConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly catalog: CatalogService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.skus.v1', {
        groupId: 'prediction.catalog',
        validate: skuProblem,
        handle: (batch) => this.handle(batch),
      }),
    );
  }

  async handle(batch: IncomingEvent<events.SkuUpserted>[]): Promise<void> {
    const latest = new Map<string, IncomingEvent<events.SkuUpserted>>();
    for (const e of batch) latest.set(e.value.sku, e);
    await this.catalog.record(
      [...latest.values()].map((e) => ({
        sku: e.value.sku,
        category: e.value.category,
        sourceTs: e.value.envelope?.occurredAt ?? new Date(e.timestamp),
      })),
    );
  }
}
