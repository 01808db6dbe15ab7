import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

export interface SkuRow {
  sku: string;
  name: string;
  category: string;
  unitPrice: number;
  launchedOn: string | null;
  discontinuedOn: string | null;
}

/** The SKU master (`skus`), upserted by SKU. */
@Injectable()
export class SkusRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** `rows` must hold each SKU once. */
  async upsert(rows: SkuRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO skus (sku, name, category, unit_price, launched_on, discontinued_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::date[], $6::date[])
       ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, unit_price = EXCLUDED.unit_price,
         launched_on = EXCLUDED.launched_on, discontinued_on = EXCLUDED.discontinued_on, updated_at = now()`,
      [
        rows.map((s) => s.sku),
        rows.map((s) => s.name),
        rows.map((s) => s.category),
        rows.map((s) => s.unitPrice),
        rows.map((s) => s.launchedOn),
        rows.map((s) => s.discontinuedOn),
      ],
    );
  }
}
