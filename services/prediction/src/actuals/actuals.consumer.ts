import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { dailySalesProblem, events } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, IncomingEvent, topicSubscription } from '@salescast/platform';
import { PublicationService } from '../snapshots/publication.service';
import { ActualsRepository } from './actuals.repository';

/**
 * `sales.daily.v1` → the SKUs' actuals (upsert, newer totals win), then the publication learns which
 * forecasts they make stale. The offset is committed after the upsert; a crash before the
 * re-publication is caught up at start (PublicationService.catchUp).
 */
@Injectable()
export class ActualsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly actuals: ActualsRepository,
    private readonly publication: PublicationService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('sales.daily.v1', {
        groupId: 'prediction.actuals',
        validate: dailySalesProblem,
        handle: (batch) => this.handle(batch),
      }),
    );
  }

  async handle(batch: IncomingEvent<events.DailySalesUpdated>[]): Promise<void> {
    const latest = new Map<string, IncomingEvent<events.DailySalesUpdated>>();
    for (const e of batch) latest.set(`${e.value.sku}|${e.value.date}`, e);
    const rows = [...latest.values()].map((e) => ({
      sku: e.value.sku,
      day: e.value.date,
      quantity: e.value.quantity,
      sourceTs: e.value.envelope?.occurredAt ?? new Date(e.timestamp),
    }));
    await this.actuals.upsert(rows);
    this.publication.actualsArrived(rows);
  }
}
