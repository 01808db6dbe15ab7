import { Inject, Injectable } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { ScoredPoint } from '@salescast/monitoring';
import { DATA_SOURCE, IncomingEvent } from '@salescast/platform';
import { DataSource } from 'typeorm';

/** A forecast snapshot as both forecast topics carry it. */
export interface ForecastRecord {
  forecastId: string;
  sku: string;
  category: string;
  modelVersionId: string;
  originDate: string;
  at: Date;
  points: events.ForecastPoint[];
}

export interface ChampionPoint {
  day: string;
  actual: number;
  mean: number;
}

/** Forecast points and actual days: the two sides of realised accuracy. Owner of both tables. */
@Injectable()
export class AccuracyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Stores forecast points (idempotent on forecast id + day). */
  async recordForecasts(batch: ForecastRecord[]): Promise<void> {
    const rows = batch.flatMap((f) =>
      f.points.map((p) => {
        const i80 = p.intervals.find((i) => i.level === 80);
        return [
          f.forecastId,
          f.sku,
          p.date,
          f.originDate,
          f.at.toISOString(),
          p.mean,
          i80?.lower ?? null,
          i80?.upper ?? null,
          f.modelVersionId,
          f.category,
        ] as const;
      }),
    );
    if (rows.length)
      await this.db.query(
        `INSERT INTO forecast_points (forecast_id, sku, target_date, origin_date, issued_at, mean, lower80, upper80, model_version_id, category)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::timestamptz[], $6::float8[], $7::float8[], $8::float8[], $9::text[], $10::text[])
         ON CONFLICT DO NOTHING`,
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => rows.map((r) => r[k])),
      );
  }

  /** Upserts actual days (newer totals win). Returns the SKUs touched. */
  async recordActuals(batch: IncomingEvent<events.DailySalesUpdated>[]): Promise<string[]> {
    const latest = new Map<string, IncomingEvent<events.DailySalesUpdated>>();
    for (const e of batch) latest.set(`${e.value.sku}|${e.value.date}`, e);
    const rows = [...latest.values()];
    await this.db.query(
      `INSERT INTO actuals AS a (sku, day, quantity, source_ts, revenue, returned)
       SELECT * FROM unnest($1::text[], $2::date[], $3::float8[], $4::timestamptz[], $5::float8[], $6::float8[])
       ON CONFLICT (sku, day) DO UPDATE SET quantity = EXCLUDED.quantity, source_ts = EXCLUDED.source_ts,
         revenue = EXCLUDED.revenue, returned = EXCLUDED.returned
       WHERE a.source_ts <= EXCLUDED.source_ts`,
      [
        rows.map((e) => e.value.sku),
        rows.map((e) => e.value.date),
        rows.map((e) => e.value.quantity),
        rows.map((e) => (e.value.envelope?.occurredAt ?? new Date(e.timestamp)).toISOString()),
        rows.map((e) => e.value.revenue),
        rows.map((e) => e.value.returnedQuantity),
      ],
    );
    return [...new Set(rows.map((e) => e.value.sku))];
  }

  /**
   * Every forecast point whose day has an actual, on or after `fromDay` (and of one SKU when given):
   * each snapshot's every point counts, so the horizon dimension is real. A forecast is its model
   * version and origin: the same one served twice counts once.
   */
  async scoredPoints(fromDay: string, sku?: string): Promise<ScoredPoint[]> {
    const rows: Array<Omit<ScoredPoint, 'previousActual'> & { previous: number | null }> = await this.db.query(
      `SELECT DISTINCT ON (f.sku, f.model_version_id, f.origin_date, f.target_date)
              f.sku, COALESCE(NULLIF(f.category, ''), c.category, '') AS category,
              to_char(f.target_date, 'YYYY-MM-DD') AS day, (f.target_date - f.origin_date) AS horizon,
              a.quantity AS actual, f.mean, f.lower80 AS "lower80", f.upper80 AS "upper80", p.quantity AS previous
         FROM forecast_points f
         JOIN actuals a ON a.sku = f.sku AND a.day = f.target_date
         LEFT JOIN actuals p ON p.sku = f.sku AND p.day = f.target_date - 1
         LEFT JOIN sku_categories c ON c.sku = f.sku
        WHERE f.target_date >= $1::date AND f.target_date > f.origin_date AND ($2::text IS NULL OR f.sku = $2)
        ORDER BY f.sku, f.model_version_id, f.origin_date, f.target_date, f.issued_at DESC`,
      [fromDay, sku ?? null],
    );
    return rows.map(({ previous, ...r }) => ({ ...r, previousActual: previous ?? NaN }));
  }

  /** Revenue per SKU on or after `fromDay`. */
  async revenueBySku(fromDay: string): Promise<Map<string, number>> {
    const rows: Array<{ sku: string; revenue: number }> = await this.db.query(
      `SELECT sku, sum(revenue) AS revenue FROM actuals WHERE day >= $1::date GROUP BY sku`,
      [fromDay],
    );
    return new Map(rows.map((r) => [r.sku, Number(r.revenue)]));
  }

  /**
   * The SKU's days after `afterDay` that have an actual and a forecast of `modelVersionId`, each with
   * the shortest-horizon forecast of that version: how the current champion is doing.
   */
  async championPoints(sku: string, modelVersionId: string, afterDay: string): Promise<ChampionPoint[]> {
    return this.db.query(
      `SELECT DISTINCT ON (a.day) to_char(a.day, 'YYYY-MM-DD') AS day, a.quantity AS actual, f.mean
         FROM actuals a
         JOIN forecast_points f ON f.sku = a.sku AND f.target_date = a.day AND f.origin_date < a.day
        WHERE a.sku = $1 AND f.model_version_id = $2 AND a.day > $3::date
        ORDER BY a.day, f.origin_date DESC, f.issued_at DESC`,
      [sku, modelVersionId, afterDay],
    );
  }

  async latestDay(): Promise<string | undefined> {
    const [r] = await this.db.query(`SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM actuals`);
    return r?.day ?? undefined;
  }

  async hasSku(sku: string): Promise<boolean> {
    const r = await this.db.query(`SELECT 1 FROM forecast_points WHERE sku = $1 LIMIT 1`, [sku]);
    return r.length > 0;
  }
}
