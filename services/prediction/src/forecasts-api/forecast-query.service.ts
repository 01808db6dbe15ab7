import { Inject, Injectable } from '@nestjs/common';
import { Bucket, bucketPath, daysBetween, sumPaths } from '@salescast/forecasting';
import { CONFIG, notFound } from '@salescast/platform';
import { CatalogService } from '../catalog/catalog.service';
import { AGGREGATE_SLACK_DAYS, PredictionConfig } from '../config';
import { Snapshot } from '../snapshots/snapshot';
import { SnapshotStore } from '../snapshots/snapshot-store';
import { ForecastView } from './forecast-request';

export interface SkuForecast {
  snapshot: Snapshot;
  category: string;
  buckets: Bucket[];
}

export interface AggregateForecast {
  category: string;
  skuCount: number;
  skusLeftOut: number;
  originDate: string;
  buckets: Bucket[];
}

/** NOT_FOUND for a SKU without a published forecast. */
export function noForecast(sku: string): never {
  throw notFound(`no forecast for sku '${sku}' (unknown SKU, or no model promoted yet)`);
}

/** Answers every read from the SnapshotStore: slices, buckets and adds up snapshots; never predicts. */
@Injectable()
export class ForecastQueryService {
  constructor(
    private readonly store: SnapshotStore,
    private readonly catalog: CatalogService,
    @Inject(CONFIG) private readonly config: PredictionConfig,
  ) {}

  get maxHorizon(): number {
    return this.config.MAX_HORIZON_DAYS;
  }

  /** One SKU's forecast; undefined when it has none. */
  find(sku: string, v: ForecastView): SkuForecast | undefined {
    const snapshot = this.store.get(sku);
    if (!snapshot) return undefined;
    return {
      snapshot,
      category: this.categoryOf(sku),
      buckets: bucketPath(snapshot.path, v.horizon, v.granularity, v.levels),
    };
  }

  /** The SKU's current snapshot (undefined when it has none). */
  snapshotOf(sku: string): Snapshot | undefined {
    return this.store.get(sku);
  }

  get(sku: string, v: ForecastView): SkuForecast {
    return this.find(sku, v) ?? noForecast(sku);
  }

  /** The SKUs in a category (or all), ascending, after `after`. */
  skus(category?: string, after?: string): string[] {
    const all = this.store.skus();
    let from = 0;
    if (after !== undefined) {
      // binary search for the first SKU > after
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (all[mid] <= after) lo = mid + 1;
        else hi = mid;
      }
      from = lo;
    }
    const rest = all.slice(from);
    return category === undefined ? rest : rest.filter((s) => this.categoryOf(s) === category);
  }

  /** The sum of the SKUs' forecasts of a category (or of all SKUs), aligned on the latest origin. */
  aggregate(category: string | undefined, v: ForecastView): AggregateForecast {
    const snaps = this.skus(category).map((s) => this.store.get(s)!);
    if (snaps.length === 0)
      throw notFound(
        category === undefined ? 'no forecast published yet' : `no forecast for category '${category}'`,
      );
    const origin = snaps.reduce((m, s) => (s.originDate > m ? s.originDate : m), snaps[0].originDate);
    const parts = snaps
      .map((s) => ({ path: s.path, offset: daysBetween(s.originDate, origin) }))
      .filter((p) => p.offset <= AGGREGATE_SLACK_DAYS && p.offset + v.horizon <= p.path.dates.length);
    const sum = sumPaths(parts, v.horizon, v.levels);
    return {
      category: category ?? '',
      skuCount: parts.length,
      skusLeftOut: snaps.length - parts.length,
      originDate: origin,
      buckets: bucketPath(sum, v.horizon, v.granularity, v.levels),
    };
  }

  categoryOf(sku: string): string {
    return this.catalog.categoryOf(sku) || this.store.get(sku)?.category || '';
  }
}
