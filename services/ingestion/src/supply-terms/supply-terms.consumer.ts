import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { supplyTermsProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { SupplyTermsService } from './supply-terms.service';

/** Consumes `erp.supply-terms.v1`: validates (invalid → DLQ), maps, hands the terms on. */
@Injectable()
export class SupplyTermsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly terms: SupplyTermsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.supply-terms.v1', {
        groupId: 'ingestion.supply-terms',
        validate: supplyTermsProblem,
        handle: (batch) =>
          this.terms.upsert(
            batch.map(({ value: t }) => ({
              sku: t.sku,
              supplier: t.supplier,
              moq: t.moq,
              leadTimeDays: t.leadTimeDays,
            })),
          ),
      }),
    );
  }
}
