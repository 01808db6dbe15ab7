import { events } from '@salescast/contracts';
import { DailyPath } from '@salescast/forecasting';

/** An immutable forecast snapshot of one SKU, as stored, announced and served. */
export interface Snapshot {
  snapshotId: string;
  sku: string;
  category: string;
  modelVersionId: string;
  modelName: string;
  /** Last observed day; path.dates[0] is the day after it. */
  originDate: string;
  publishedAt: Date;
  reason: events.PublicationReason;
  path: DailyPath & { mean: Float64Array; intervals: { level: number; lower: Float64Array; upper: Float64Array }[] };
}

/** The `forecasts.published.v1` payload of a snapshot (every day and level it holds). */
export function publishedEvent(s: Snapshot): Omit<events.ForecastPublished, 'envelope'> {
  return {
    snapshotId: s.snapshotId,
    sku: s.sku,
    category: s.category,
    modelVersionId: s.modelVersionId,
    modelName: s.modelName,
    publishedAt: s.publishedAt,
    originDate: s.originDate,
    reason: s.reason,
    points: s.path.dates.map((date, i) => ({
      date,
      mean: s.path.mean[i],
      intervals: s.path.intervals.map((iv) => ({ level: iv.level, lower: iv.lower[i], upper: iv.upper[i] })),
    })),
  };
}
