import { Inject, Injectable } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { datesAfter } from '@salescast/forecasting';
import { contractEvent, DATA_SOURCE, enqueue } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { publishedEvent, Snapshot } from './snapshot';

interface SnapshotRow {
  snapshot_id: string;
  sku: string;
  category: string;
  model_version_id: string;
  model_name: string;
  origin_date: string;
  published_at: Date;
  reason: string;
  levels: number[];
  mean: number[];
  lower: number[];
  upper: number[];
}

/** forecast_snapshots (append-only) and their announcements on `forecasts.published.v1`. */
@Injectable()
export class SnapshotsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** Stores the snapshots and enqueues their events, in one transaction. */
  async insert(snapshots: Snapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const s of snapshots) {
        const flat = (key: 'lower' | 'upper') => s.path.intervals.flatMap((iv) => Array.from(iv[key]));
        await tx.query(
          `INSERT INTO forecast_snapshots (snapshot_id, sku, category, model_version_id, model_name, origin_date,
             published_at, reason, levels, mean, lower, upper)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
          [
            s.snapshotId,
            s.sku,
            s.category,
            s.modelVersionId,
            s.modelName,
            s.originDate,
            s.publishedAt,
            events.PublicationReason[s.reason],
            s.path.intervals.map((iv) => iv.level),
            Array.from(s.path.mean),
            flat('lower'),
            flat('upper'),
          ],
        );
      }
      await enqueue(
        tx,
        snapshots.map((s) => contractEvent('forecasts.published.v1', s.sku, publishedEvent(s))),
      );
    });
  }

  /** The latest snapshot of every SKU. */
  async latest(): Promise<Snapshot[]> {
    const rows: SnapshotRow[] = await this.db.query(
      `SELECT DISTINCT ON (sku) snapshot_id, sku, category, model_version_id, model_name,
              to_char(origin_date, 'YYYY-MM-DD') AS origin_date, published_at, reason, levels, mean, lower, upper
         FROM forecast_snapshots ORDER BY sku, published_at DESC`,
    );
    return rows.map(toSnapshot);
  }

  /** How many snapshots a SKU has (all of them, not only the latest). */
  async count(sku: string): Promise<number> {
    const [r] = await this.db.query(`SELECT count(*)::int AS n FROM forecast_snapshots WHERE sku = $1`, [sku]);
    return r.n;
  }
}

function toSnapshot(r: SnapshotRow): Snapshot {
  const n = r.mean.length;
  const num = (v: number[]) => Float64Array.from(v, Number);
  const lower = num(r.lower);
  const upper = num(r.upper);
  return {
    snapshotId: r.snapshot_id,
    sku: r.sku,
    category: r.category,
    modelVersionId: r.model_version_id,
    modelName: r.model_name,
    originDate: r.origin_date,
    publishedAt: r.published_at,
    reason: events.PublicationReason[r.reason as keyof typeof events.PublicationReason] ?? 0,
    path: {
      dates: datesAfter(r.origin_date, n),
      mean: num(r.mean),
      intervals: r.levels.map((level, j) => ({
        level,
        lower: lower.subarray(j * n, (j + 1) * n),
        upper: upper.subarray(j * n, (j + 1) * n),
      })),
    },
  };
}
