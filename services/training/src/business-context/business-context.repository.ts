import { Inject, Injectable } from '@nestjs/common';
import { BusinessEventRecord } from '@salescast/forecasting';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

/** A SKU as training knows it: its category, and its planned end of sale (first day no longer sold). */
export interface SkuMasterRow {
  category: string;
  discontinuedOn?: string;
}

/** Training's copy of business events and of the SKU master (category, planned end of sale): owner of both tables. */
@Injectable()
export class BusinessContextRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async upsertEvents(rows: BusinessEventRecord[]): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO business_events (kind, starts_on, scope, ends_on, description)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::text[])
       ON CONFLICT (kind, starts_on, scope) DO UPDATE SET ends_on = EXCLUDED.ends_on, description = EXCLUDED.description`,
      [
        rows.map((e) => e.kind),
        rows.map((e) => e.startsOn),
        rows.map((e) => e.scope),
        rows.map((e) => e.endsOn ?? null),
        rows.map((e) => e.description),
      ],
    );
  }

  /** Each SKU's category and planned end of sale (null: still sold); the last one per SKU wins. */
  async upsertSkus(rows: Array<{ sku: string; category: string; discontinuedOn?: string }>): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO sku_categories (sku, category, discontinued_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[])
       ON CONFLICT (sku) DO UPDATE SET category = EXCLUDED.category, discontinued_on = EXCLUDED.discontinued_on`,
      [rows.map((r) => r.sku), rows.map((r) => r.category), rows.map((r) => r.discontinuedOn ?? null)],
    );
  }

  async events(): Promise<BusinessEventRecord[]> {
    const rows: Array<{
      kind: BusinessEventRecord['kind'];
      starts_on: string;
      ends_on: string | null;
      scope: string;
      description: string;
    }> = await this.db.query(
      `SELECT kind, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, scope, description
         FROM business_events ORDER BY starts_on`,
    );
    return rows.map((r) => ({
      kind: r.kind,
      startsOn: r.starts_on,
      endsOn: r.ends_on ?? undefined,
      scope: r.scope,
      description: r.description,
    }));
  }

  /** The SKU's category; undefined when the SKU master has not named it. */
  async categoryOf(sku: string): Promise<string | undefined> {
    const rows: Array<{ category: string }> = await this.db.query(
      `SELECT category FROM sku_categories WHERE sku = $1`,
      [sku],
    );
    return rows[0]?.category;
  }

  /** The SKU master as training keeps it: each SKU's category and planned end of sale, in one read. */
  async skus(): Promise<Map<string, SkuMasterRow>> {
    const rows: Array<{ sku: string; category: string; discontinued_on: string | null }> =
      await this.db.query(
        `SELECT sku, category, to_char(discontinued_on, 'YYYY-MM-DD') AS discontinued_on FROM sku_categories`,
      );
    return new Map(
      rows.map((r) => [
        r.sku,
        { category: r.category, ...(r.discontinued_on && { discontinuedOn: r.discontinued_on }) },
      ]),
    );
  }
}
