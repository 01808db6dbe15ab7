import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { supplyTermsProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { ReorderRepository } from './reorder.repository';

/**
 * Keeps the reorder module's copy of the supply terms from `erp.supply-terms.v1` (its own consumer
 * group; invalid terms go to the DLQ with the reason, like in ingestion).
 */
@Injectable()
export class SupplyTermsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly repository: ReorderRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.supply-terms.v1', {
        groupId: 'prediction.reorder.supply-terms',
        validate: supplyTermsProblem,
        handle: (batch) =>
          this.repository.upsertTerms(
            batch.map(({ value: t }) => ({
              sku: t.sku,
              supplier: t.supplier,
              moq: t.moq,
              leadTimeDays: t.leadTimeDays,
              packSize: t.packSize,
              reviewDays: t.reviewDays,
            })),
          ),
      }),
    );
  }
}
