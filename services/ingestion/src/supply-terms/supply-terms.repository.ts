import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

export interface SupplyTermsRow {
  sku: string;
  supplier: string;
  moq: number;
  leadTimeDays: number;
}

/** Supply terms (`supply_terms`), upserted by (SKU, supplier). */
@Injectable()
export class SupplyTermsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** `rows` must hold each (sku, supplier) once. */
  async upsert(rows: SupplyTermsRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO supply_terms (sku, supplier, moq, lead_time_days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
       ON CONFLICT (sku, supplier) DO UPDATE SET moq = EXCLUDED.moq, lead_time_days = EXCLUDED.lead_time_days, updated_at = now()`,
      [
        rows.map((t) => t.sku),
        rows.map((t) => t.supplier),
        rows.map((t) => t.moq),
        rows.map((t) => t.leadTimeDays),
      ],
    );
  }
}
