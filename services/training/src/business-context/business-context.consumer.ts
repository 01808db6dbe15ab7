import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BUSINESS_EVENT_KINDS, businessEventProblem, skuProblem } from '@salescast/contracts';
import { BusinessEventRecord } from '@salescast/forecasting';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { BusinessContextRepository } from './business-context.repository';

/** erp.business-events.v1 and erp.skus.v1 → training's copy (validated, mapped, last one per key wins). */
@Injectable()
export class BusinessContextConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly repo: BusinessContextRepository,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.business-events.v1', {
        groupId: 'training.business-events',
        validate: businessEventProblem,
        handle: (batch) =>
          this.repo.upsertEvents([
            ...new Map(
              batch.map(({ value: e }) => [
                `${e.kind}|${e.startsOn}|${e.scope}`,
                {
                  kind: BUSINESS_EVENT_KINDS[e.kind] as BusinessEventRecord['kind'],
                  startsOn: e.startsOn,
                  scope: e.scope || 'all',
                  endsOn: e.endsOn || undefined,
                  description: e.description,
                },
              ]),
            ).values(),
          ]),
      }),
    );
    await this.consumer.subscribe(
      topicSubscription('erp.skus.v1', {
        groupId: 'training.skus',
        // the SKU master's own rules: a bad date goes to the dead-letter topic with its reason
        validate: skuProblem,
        handle: (batch) =>
          this.repo.upsertSkus([
            ...new Map(
              batch.map(({ value: s }) => [
                s.sku,
                { sku: s.sku, category: s.category, discontinuedOn: s.discontinuedOn || undefined },
              ]),
            ).values(),
          ]),
      }),
    );
  }
}
