import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { returnProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { ReturnsService } from './returns.service';

/** Consumes `erp.returns.v1`: validates (invalid → DLQ), maps, hands the returns on. */
@Injectable()
export class ReturnsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly returns: ReturnsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.returns.v1', {
        groupId: 'ingestion.returns',
        validate: returnProblem,
        handle: async (batch) => {
          await this.returns.record(
            batch.map(({ value: r }) => ({
              returnId: r.returnId,
              orderId: r.orderId,
              sku: r.sku,
              quantity: r.quantity,
              returnedAt: r.returnedAt as Date,
            })),
          );
        },
      }),
    );
  }
}
