import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { inventoryProblem } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, LOGGER, topicSubscription } from '@salescast/platform';
import type { Logger } from 'pino';
import { ReorderRepository } from './reorder.repository';
import { ReorderService } from './reorder.service';

/**
 * Stock reports from `erp.inventory.v1` (invalid ones to the DLQ with the reason): stored, then the
 * SKUs are re-planned so that a changed proposal is announced on `reorder.proposed.v1`.
 */
@Injectable()
export class InventoryConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repository: ReorderRepository,
    private readonly reorder: ReorderService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.inventory.v1', {
        groupId: 'prediction.reorder.inventory',
        validate: inventoryProblem,
        handle: async (batch) => {
          await this.repository.upsertInventory(
            batch.map(({ value: i }) => ({ sku: i.sku, asOf: i.asOfDate, onHand: i.onHand, onOrder: i.onOrder })),
          );
          const skus = [...new Set(batch.map((e) => e.value.sku))];
          const announced = await this.reorder.planAndPropose(skus, {});
          if (announced.length) this.logger.info({ skus: skus.length, announced: announced.length }, 'stock re-planned');
        },
      }),
    );
  }
}
