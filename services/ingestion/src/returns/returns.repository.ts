import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, enqueue, OUTBOX, OutboxRelay } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { DAILY_SALES_COLUMNS, dailySalesEvent, DailySalesRow } from '../daily-aggregates/daily-sales.event';

export interface ReturnRow {
  returnId: string;
  orderId: string;
  sku: string;
  quantity: number;
  returnedAt: Date;
}

/**
 * Stores returns (natural key return_id) and adds the newly stored ones to the returned quantity of
 * their SKU-day, announcing the new totals on `sales.daily.v1` — one transaction. A return counts on
 * the day it happened. Returns are accepted before their order line arrives (topics are not ordered
 * with each other); nothing here depends on the order line.
 */
@Injectable()
export class ReturnsRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  /** `rows` must hold each return_id once (one INSERT never sees a key twice). */
  async recordReturns(rows: ReturnRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const changed = await this.db.transaction(async (tx) => {
      const totals: DailySalesRow[] = await tx.query(
        `WITH ins AS (
             INSERT INTO returns (return_id, order_id, sku, quantity, returned_at)
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[])
             ON CONFLICT (return_id) DO NOTHING
             RETURNING sku, (returned_at AT TIME ZONE 'UTC')::date AS day, quantity
           ), agg AS (SELECT sku, day, sum(quantity)::float8 AS q FROM ins GROUP BY sku, day)
           INSERT INTO daily_sales AS d (sku, day, returned_quantity)
           SELECT sku, day, q FROM agg
           ON CONFLICT (sku, day) DO UPDATE SET returned_quantity = d.returned_quantity + EXCLUDED.returned_quantity, updated_at = now()
           RETURNING ${DAILY_SALES_COLUMNS}`,
        [
          rows.map((r) => r.returnId),
          rows.map((r) => r.orderId),
          rows.map((r) => r.sku),
          rows.map((r) => r.quantity),
          rows.map((r) => r.returnedAt.toISOString()),
        ],
      );
      await enqueue(tx, totals.map(dailySalesEvent));
      return totals.length;
    });
    this.outbox.poke();
    return changed;
  }
}
