import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, IncomingEvent, topicSubscription } from '@salescast/platform';
import { LineRow, salesLineProblem } from './sales-line.rules';
import { SalesLinesService } from './sales-lines.service';

/** Consumes `erp.sales-lines.v1`: validates (invalid → DLQ), maps to stored lines, hands them on. */
@Injectable()
export class SalesLinesConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly lines: SalesLinesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.sales-lines.v1', {
        groupId: 'ingestion.sales-lines',
        validate: salesLineProblem,
        handle: (batch) => this.lines.record(batch.map(toLineRow)),
      }),
    );
  }
}

export function toLineRow({ value: l }: IncomingEvent<events.SalesLineRecorded>): LineRow {
  return {
    orderId: l.orderId,
    lineNo: l.lineNo,
    sku: l.sku,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    orderedAt: l.orderedAt as Date,
  };
}
