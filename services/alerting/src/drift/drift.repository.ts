import { Inject, Injectable } from '@nestjs/common';
import { DayRow } from '@salescast/monitoring';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

export interface ChampionRow {
  sku: string;
  model_version_id: string;
  origin_date: string;
}

/** The drift check's view: champions (their training windows) and days per SKU or category. */
@Injectable()
export class DriftRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /**
   * Records a SKU's champion (the newest promotion wins, redeliveries are harmless). A batch may promote a SKU
   * twice (a run's fit, then its reconciled version; a promotion and a rollback): one upsert cannot touch a row
   * twice, so the batch's latest promotion of each SKU is kept first (the later one in the batch on a tie).
   */
  async recordChampions(
    all: Array<{ sku: string; modelVersionId: string; originDate: string; promotedAt: Date }>,
  ): Promise<void> {
    const latest = new Map<string, (typeof all)[number]>();
    for (const r of all) {
      const seen = latest.get(r.sku);
      if (!seen || seen.promotedAt.getTime() <= r.promotedAt.getTime()) latest.set(r.sku, r);
    }
    const rows = [...latest.values()];
    if (!rows.length) return;
    await this.db.query(
      `INSERT INTO champions AS c (sku, model_version_id, origin_date, promoted_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::timestamptz[])
       ON CONFLICT (sku) DO UPDATE SET model_version_id = EXCLUDED.model_version_id,
         origin_date = EXCLUDED.origin_date, promoted_at = EXCLUDED.promoted_at
       WHERE c.promoted_at <= EXCLUDED.promoted_at`,
      [
        rows.map((r) => r.sku),
        rows.map((r) => r.modelVersionId),
        rows.map((r) => r.originDate),
        rows.map((r) => r.promotedAt.toISOString()),
      ],
    );
  }

  async champion(sku: string): Promise<ChampionRow | undefined> {
    const rows: ChampionRow[] = await this.db.query(
      `SELECT sku, model_version_id, to_char(origin_date, 'YYYY-MM-DD') AS origin_date FROM champions WHERE sku = $1`,
      [sku],
    );
    return rows[0];
  }

  /** A SKU's days in (fromDay, toDay]. */
  async skuDays(sku: string, fromDay: string, toDay: string): Promise<DayRow[]> {
    return this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, quantity AS units, revenue, returned
         FROM actuals WHERE sku = $1 AND day > $2::date AND day <= $3::date ORDER BY day`,
      [sku, fromDay, toDay],
    );
  }

  /** A category's days in (fromDay, toDay], summed over its SKUs. */
  async categoryDays(category: string, fromDay: string, toDay: string): Promise<DayRow[]> {
    const rows: Array<DayRow & { units: string }> = await this.db.query(
      `SELECT to_char(a.day, 'YYYY-MM-DD') AS day, sum(a.quantity) AS units, sum(a.revenue) AS revenue,
              sum(a.returned) AS returned
         FROM actuals a JOIN sku_categories c ON c.sku = a.sku
        WHERE c.category = $1 AND a.day > $2::date AND a.day <= $3::date
        GROUP BY a.day ORDER BY a.day`,
      [category, fromDay, toDay],
    );
    return rows.map((r) => ({
      day: r.day,
      units: Number(r.units),
      revenue: Number(r.revenue),
      returned: Number(r.returned),
    }));
  }

  /** The latest champion origin among a category's SKUs: the category's training window ends there. */
  async categoryOrigin(category: string): Promise<string | undefined> {
    const [r] = await this.db.query(
      `SELECT to_char(max(h.origin_date), 'YYYY-MM-DD') AS origin
         FROM champions h JOIN sku_categories c ON c.sku = h.sku WHERE c.category = $1`,
      [category],
    );
    return r?.origin ?? undefined;
  }

  async lastDay(sku?: string, category?: string): Promise<string | undefined> {
    const [r] = await this.db.query(
      `SELECT to_char(max(a.day), 'YYYY-MM-DD') AS day FROM actuals a
         LEFT JOIN sku_categories c ON c.sku = a.sku
        WHERE ($1::text IS NULL OR a.sku = $1) AND ($2::text IS NULL OR c.category = $2)`,
      [sku ?? null, category ?? null],
    );
    return r?.day ?? undefined;
  }
}
