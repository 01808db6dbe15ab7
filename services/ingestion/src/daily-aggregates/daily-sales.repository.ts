import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, enqueue, OUTBOX, OutboxRelay } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { LineRow } from '../sales-lines/sales-line.rules';
import { DAILY_SALES_COLUMNS, dailySalesEvent, DailySalesRow } from './daily-sales.event';

/**
 * Writes order lines and the daily SKU totals they change, and enqueues `sales.daily.v1` for each
 * changed SKU-day — all in ONE transaction. Only lines that were not stored before count toward the
 * totals (`ON CONFLICT DO NOTHING … RETURNING`), so a redelivered line changes nothing.
 */
@Injectable()
export class DailySalesRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async recordLines(lines: LineRow[]): Promise<{ inserted: number; days: number }> {
    if (lines.length === 0) return { inserted: 0, days: 0 };
    const result = await this.db.transaction(async (tx) => {
      const rows: Array<DailySalesRow & { inserted: number }> = await tx.query(
        `WITH ins AS (
           INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price, ordered_at)
           SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::float8[], $6::timestamptz[])
           ON CONFLICT (order_id, line_no) DO NOTHING
           RETURNING sku, (ordered_at AT TIME ZONE 'UTC')::date AS day, quantity, unit_price
         ), agg AS (
           SELECT sku, day, sum(quantity)::float8 AS q, sum(quantity * unit_price)::float8 AS rev, count(*)::int AS n
           FROM ins GROUP BY sku, day
         ), upd AS (
         INSERT INTO daily_sales AS d (sku, day, quantity, revenue, order_lines)
         SELECT sku, day, q, rev, n FROM agg
         ON CONFLICT (sku, day) DO UPDATE SET
           quantity = d.quantity + EXCLUDED.quantity,
           revenue = d.revenue + EXCLUDED.revenue,
           order_lines = d.order_lines + EXCLUDED.order_lines,
           updated_at = now()
         RETURNING ${DAILY_SALES_COLUMNS}
         )
         SELECT upd.*, (SELECT count(*) FROM ins)::int AS inserted FROM upd`,
        [
          lines.map((l) => l.orderId),
          lines.map((l) => l.lineNo),
          lines.map((l) => l.sku),
          lines.map((l) => l.quantity),
          lines.map((l) => l.unitPrice),
          lines.map((l) => l.orderedAt.toISOString()),
        ],
      );
      await enqueue(tx, rows.map(dailySalesEvent));
      return { inserted: rows[0]?.inserted ?? 0, days: rows.length };
    });
    this.outbox.poke();
    return result;
  }
}
