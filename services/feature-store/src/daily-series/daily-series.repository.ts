import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { StoredDay } from './densify';

/** A SKU-day total as announced on `sales.daily.v1`, with the time it was announced. */
export interface DailyTotal {
  sku: string;
  day: string;
  quantity: number;
  revenue: number;
  returnedQuantity: number;
  orderLines: number;
  /** `occurred_at` of the announcing event: an older total never overwrites a newer one. */
  sourceTs: Date;
}

/** `daily_series`: each SKU's daily totals (the offline store's base table). All its SQL is here. */
@Injectable()
export class DailySeriesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Upserts totals (each (sku, day) once); a row keeps the newer of the stored and the given total. */
  async upsert(rows: DailyTotal[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO daily_series AS s (sku, day, quantity, revenue, returned_quantity, order_lines, source_ts)
       SELECT * FROM unnest($1::text[], $2::date[], $3::float8[], $4::float8[], $5::float8[], $6::int[], $7::timestamptz[])
       ON CONFLICT (sku, day) DO UPDATE SET
         quantity = EXCLUDED.quantity, revenue = EXCLUDED.revenue, returned_quantity = EXCLUDED.returned_quantity,
         order_lines = EXCLUDED.order_lines, source_ts = EXCLUDED.source_ts
       WHERE s.source_ts <= EXCLUDED.source_ts`,
      [
        rows.map((r) => r.sku),
        rows.map((r) => r.day),
        rows.map((r) => r.quantity),
        rows.map((r) => r.revenue),
        rows.map((r) => r.returnedQuantity),
        rows.map((r) => r.orderLines),
        rows.map((r) => r.sourceTs.toISOString()),
      ],
    );
  }

  /** The stored days of `sku` within [from, to] (either may be undefined = open), by day. */
  async days(sku: string, from?: string, to?: string): Promise<StoredDay[]> {
    return this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, quantity, revenue, returned_quantity AS "returnedQuantity"
       FROM daily_series WHERE sku = $1
         AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
       ORDER BY day`,
      [sku, from ?? null, to ?? null],
    );
  }

  /** Whether any day of `sku` is stored. */
  async known(sku: string): Promise<boolean> {
    const [{ known }] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM daily_series WHERE sku = $1) AS known`,
      [sku],
    );
    return known;
  }

  /** The last day stored for any SKU, or undefined when the store is empty. */
  async lastDay(): Promise<string | undefined> {
    const [{ last }] = await this.db.query(
      `SELECT to_char(max(day), 'YYYY-MM-DD') AS last FROM daily_series`,
    );
    return last ?? undefined;
  }

  /** Up to `limit` SKUs after `after`, in order. */
  async skusAfter(after: string, limit: number): Promise<string[]> {
    const rows: Array<{ sku: string }> = await this.db.query(
      `SELECT DISTINCT sku FROM daily_series WHERE sku > $1 ORDER BY sku LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.sku);
  }
}
