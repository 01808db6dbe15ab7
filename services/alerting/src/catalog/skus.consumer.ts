import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { CatalogRepository } from './catalog.repository';

/** erp.skus.v1: each SKU's category, for category accuracy and category drift. */
@Injectable()
export class SkusConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly repo: CatalogRepository,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.skus.v1', {
        groupId: 'alerting.skus',
        validate: (s) => (!s.sku ? 'sku: required' : !s.category ? 'category: required' : undefined),
        handle: (batch) => this.repo.upsert([...new Map(batch.map((e) => [e.value.sku, e.value.category])).entries()]),
      }),
    );
  }
}
