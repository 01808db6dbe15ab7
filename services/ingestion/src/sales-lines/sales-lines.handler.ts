import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { events } from '@salescast/contracts';
import {
  EVENT_CONSUMER,
  EventConsumerPort,
  IncomingEvent,
  LOGGER,
  METRICS,
  Metrics,
  topicSubscription,
} from '@salescast/platform';
import type { Logger } from 'pino';
import { DailySalesRepository } from '../daily-aggregates/daily-sales.repository';
import { dedupeLines, salesLineProblem } from './sales-line.rules';

/** Consumes `erp.sales-lines.v1`: validates, stores lines idempotently, updates daily totals. */
@Injectable()
export class SalesLinesHandler implements OnApplicationBootstrap {
  private readonly stored;

  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly repo: DailySalesRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.stored = metrics.counter(
      'salescast_ingestion_lines_stored_total',
      'Order lines stored (new, not redelivered)',
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.sales-lines.v1', {
        groupId: 'ingestion.sales-lines',
        validate: salesLineProblem,
        handle: (batch) => this.handle(batch),
      }),
    );
  }

  async handle(batch: IncomingEvent<events.SalesLineRecorded>[]): Promise<void> {
    const lines = dedupeLines(
      batch.map(({ value: l }) => ({
        orderId: l.orderId,
        lineNo: l.lineNo,
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        orderedAt: l.orderedAt as Date,
      })),
    );
    const { inserted, days } = await this.repo.recordLines(lines);
    this.stored.inc(inserted);
    this.logger.debug({ received: batch.length, inserted, days }, 'sales lines stored');
  }
}
