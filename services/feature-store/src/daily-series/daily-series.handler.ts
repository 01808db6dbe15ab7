import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { dailySalesProblem, events } from '@salescast/contracts';
import {
  DATA_SOURCE,
  EVENT_CONSUMER,
  EventConsumerPort,
  IncomingEvent,
  topicSubscription,
} from '@salescast/platform';
import { DataSource } from 'typeorm';

/** Consumes `sales.daily.v1` into the SKU's daily series (upsert; newer totals win). */
@Injectable()
export class DailySeriesHandler implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('sales.daily.v1', {
        groupId: 'feature-store.daily-series',
        validate: dailySalesProblem,
        handle: (batch) => this.handle(batch),
      }),
    );
  }

  async handle(batch: IncomingEvent<events.DailySalesUpdated>[]): Promise<void> {
    // last event per (sku, day) within the batch; the broker keeps per-SKU order
    const latest = new Map<string, IncomingEvent<events.DailySalesUpdated>>();
    for (const e of batch) latest.set(`${e.value.sku}|${e.value.date}`, e);
    const rows = [...latest.values()];
    const ts = (e: IncomingEvent<events.DailySalesUpdated>) =>
      (e.value.envelope?.occurredAt ?? new Date(e.timestamp)).toISOString();
    await this.db.query(
      `INSERT INTO daily_series AS s (sku, day, quantity, revenue, returned_quantity, order_lines, source_ts)
       SELECT * FROM unnest($1::text[], $2::date[], $3::float8[], $4::float8[], $5::float8[], $6::int[], $7::timestamptz[])
       ON CONFLICT (sku, day) DO UPDATE SET
         quantity = EXCLUDED.quantity, revenue = EXCLUDED.revenue, returned_quantity = EXCLUDED.returned_quantity,
         order_lines = EXCLUDED.order_lines, source_ts = EXCLUDED.source_ts
       WHERE s.source_ts <= EXCLUDED.source_ts`,
      [
        rows.map((e) => e.value.sku),
        rows.map((e) => e.value.date),
        rows.map((e) => e.value.quantity),
        rows.map((e) => e.value.revenue),
        rows.map((e) => e.value.returnedQuantity),
        rows.map((e) => e.value.orderLines),
        rows.map(ts),
      ],
    );
  }
}
