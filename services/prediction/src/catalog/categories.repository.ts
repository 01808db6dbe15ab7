import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

/** sku_categories: the category of each SKU, from the SKU master (`erp.skus.v1`). */
@Injectable()
export class CategoriesRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async upsert(rows: { sku: string; category: string; sourceTs: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO sku_categories AS c (sku, category, source_ts)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
       ON CONFLICT (sku) DO UPDATE SET category = EXCLUDED.category, source_ts = EXCLUDED.source_ts
       WHERE c.source_ts <= EXCLUDED.source_ts`,
      [rows.map((r) => r.sku), rows.map((r) => r.category), rows.map((r) => r.sourceTs)],
    );
  }

  async all(): Promise<Map<string, string>> {
    const rows: { sku: string; category: string }[] = await this.db.query(`SELECT sku, category FROM sku_categories`);
    return new Map(rows.map((r) => [r.sku, r.category]));
  }
}
