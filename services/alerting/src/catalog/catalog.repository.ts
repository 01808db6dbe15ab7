import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

/** Alerting's copy of each SKU's category (from erp.skus.v1). */
@Injectable()
export class CatalogRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async upsert(rows: Array<[sku: string, category: string]>): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO sku_categories (sku, category) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (sku) DO UPDATE SET category = EXCLUDED.category`,
      [rows.map((r) => r[0]), rows.map((r) => r[1])],
    );
  }

  async categoryOf(skus: string[]): Promise<Map<string, string>> {
    const rows: Array<{ sku: string; category: string }> = await this.db.query(
      `SELECT sku, category FROM sku_categories WHERE sku = ANY($1::text[])`,
      [skus],
    );
    return new Map(rows.map((r) => [r.sku, r.category]));
  }

  async skusOf(category: string): Promise<string[]> {
    const rows: Array<{ sku: string }> = await this.db.query(
      `SELECT sku FROM sku_categories WHERE category = $1 ORDER BY sku`,
      [category],
    );
    return rows.map((r) => r.sku);
  }

  async hasCategory(category: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM sku_categories WHERE category = $1 LIMIT 1`, [category])).length > 0;
  }
}
