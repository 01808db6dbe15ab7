import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

export interface ActualRow {
  sku: string;
  day: string;
  quantity: number;
  /** When the source total was computed (newer totals win). */
  sourceTs: Date;
}

/** actuals: each SKU's daily units sold, as `sales.daily.v1` last reported them. */
@Injectable()
export class ActualsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async upsert(rows: ActualRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO actuals AS a (sku, day, quantity, source_ts)
       SELECT * FROM unnest($1::text[], $2::date[], $3::float8[], $4::timestamptz[])
       ON CONFLICT (sku, day) DO UPDATE SET quantity = EXCLUDED.quantity, source_ts = EXCLUDED.source_ts
       WHERE a.source_ts <= EXCLUDED.source_ts`,
      [rows.map((r) => r.sku), rows.map((r) => r.day), rows.map((r) => r.quantity), rows.map((r) => r.sourceTs)],
    );
  }

  /** The latest day any SKU has actuals for. */
  async lastDay(): Promise<string | undefined> {
    const [r] = await this.db.query(`SELECT to_char(max(day), 'YYYY-MM-DD') AS d FROM actuals`);
    return r?.d ?? undefined;
  }

  /** Each SKU's actuals after its given origin: sku → day → quantity. */
  async after(origins: { sku: string; origin: string }[]): Promise<Map<string, Map<string, number>>> {
    const out = new Map<string, Map<string, number>>();
    if (origins.length === 0) return out;
    const rows: { sku: string; day: string; quantity: number }[] = await this.db.query(
      `SELECT a.sku, to_char(a.day, 'YYYY-MM-DD') AS day, a.quantity
         FROM actuals a JOIN unnest($1::text[], $2::date[]) AS o(sku, origin) ON a.sku = o.sku AND a.day > o.origin`,
      [origins.map((o) => o.sku), origins.map((o) => o.origin)],
    );
    for (const r of rows) {
      const m = out.get(r.sku) ?? new Map<string, number>();
      m.set(r.day, Number(r.quantity));
      out.set(r.sku, m);
    }
    return out;
  }
}
