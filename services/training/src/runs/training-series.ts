import { status } from '@grpc/grpc-js';
import { api } from '@salescast/contracts';
import { call } from '@salescast/platform';
import { BusinessEventRecord } from '@salescast/forecasting';
import { SkuMasterRow } from '../business-context/business-context.repository';
import { TrainingSeries } from '../trainer/trainer.port';

/** gRPC codes that say the SKU cannot be trained (counted as failed), not that the store is away. */
export const PERMANENT = new Set<number>([status.NOT_FOUND, status.INVALID_ARGUMENT]);

/** Whether an error of fetchTrainingSeries says the SKU cannot be trained (rather than the store is away). */
export function isPermanent(e: unknown): boolean {
  return PERMANENT.has((e as { code?: number }).code ?? -1);
}

/**
 * One SKU's history up to `asOf` from the feature store, with the business events, its category and its planned
 * end of sale: what a
 * batch trains on, and what the run's panel stage pools. Rejects with NOT_FOUND when the SKU has no history.
 */
export async function fetchTrainingSeries(
  features: api.FeatureServiceClient,
  sku: string,
  asOf: string,
  events: BusinessEventRecord[],
  skus: ReadonlyMap<string, SkuMasterRow>,
): Promise<TrainingSeries> {
  const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: asOf });
  if (s.quantities.length === 0) throw Object.assign(new Error('no history'), { code: status.NOT_FOUND });
  const master = skus.get(sku);
  return {
    sku,
    start: s.startDate,
    quantities: s.quantities,
    ...(s.revenues.length === s.quantities.length && { revenues: s.revenues }),
    events,
    category: master?.category,
    ...(master?.discontinuedOn && { endOfSale: master.discontinuedOn }),
  };
}
