import { Inject, Injectable } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { DATA_SOURCE, IncomingEvent } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { MatchedPoint } from './realised-accuracy';

@Injectable()
export class AccuracyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Stores the points of issued forecasts (idempotent on forecast_id + date). Returns the SKUs touched. */
  async recordForecasts(batch: IncomingEvent<events.ForecastIssued>[]): Promise<string[]> {
    const rows = batch.flatMap(({ value: f }) =>
      f.points.map((p) => {
        const i80 = p.intervals.find((i) => i.level === 80);
        return [
          f.forecastId,
          f.sku,
          p.date,
          f.originDate,
          (f.issuedAt ?? new Date()).toISOString(),
          p.mean,
          i80?.lower ?? null,
          i80?.upper ?? null,
        ] as const;
      }),
    );
    if (rows.length)
      await this.db.query(
        `INSERT INTO forecast_points (forecast_id, sku, target_date, origin_date, issued_at, mean, lower80, upper80)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::timestamptz[], $6::float8[], $7::float8[], $8::float8[])
         ON CONFLICT DO NOTHING`,
        [0, 1, 2, 3, 4, 5, 6, 7].map((k) => rows.map((r) => r[k])),
      );
    return [...new Set(batch.map((e) => e.value.sku))];
  }

  /** Upserts actual daily quantities (newer totals win). Returns the SKUs touched. */
  async recordActuals(batch: IncomingEvent<events.DailySalesUpdated>[]): Promise<string[]> {
    const latest = new Map<string, IncomingEvent<events.DailySalesUpdated>>();
    for (const e of batch) latest.set(`${e.value.sku}|${e.value.date}`, e);
    const rows = [...latest.values()];
    await this.db.query(
      `INSERT INTO actuals AS a (sku, day, quantity, source_ts)
       SELECT * FROM unnest($1::text[], $2::date[], $3::float8[], $4::timestamptz[])
       ON CONFLICT (sku, day) DO UPDATE SET quantity = EXCLUDED.quantity, source_ts = EXCLUDED.source_ts
       WHERE a.source_ts <= EXCLUDED.source_ts`,
      [
        rows.map((e) => e.value.sku),
        rows.map((e) => e.value.date),
        rows.map((e) => e.value.quantity),
        rows.map((e) => (e.value.envelope?.occurredAt ?? new Date(e.timestamp)).toISOString()),
      ],
    );
    return [...new Set(rows.map((e) => e.value.sku))];
  }

  /**
   * For each day of the SKU with an actual, the latest forecast made before that day (largest origin,
   * then latest issue), and the actual on the day before the first match.
   */
  async matched(sku: string): Promise<{ points: MatchedPoint[]; lastObserved: number }> {
    const points: MatchedPoint[] = await this.db.query(
      `SELECT DISTINCT ON (a.day) to_char(a.day, 'YYYY-MM-DD') AS day, a.quantity AS actual, f.mean,
              f.lower80 AS "lower80", f.upper80 AS "upper80"
       FROM actuals a
       JOIN forecast_points f ON f.sku = a.sku AND f.target_date = a.day AND f.origin_date < a.day
       WHERE a.sku = $1
       ORDER BY a.day, f.origin_date DESC, f.issued_at DESC`,
      [sku],
    );
    if (points.length === 0) return { points, lastObserved: NaN };
    const prev: Array<{ quantity: number }> = await this.db.query(
      `SELECT quantity FROM actuals WHERE sku = $1 AND day = $2::date - 1`,
      [sku, points[0].day],
    );
    return { points, lastObserved: prev[0]?.quantity ?? NaN };
  }

  async skusWithForecasts(): Promise<string[]> {
    return (await this.db.query(`SELECT DISTINCT sku FROM forecast_points ORDER BY sku`)).map(
      (r: { sku: string }) => r.sku,
    );
  }
}
