import { api } from '@salescast/contracts';
import { invalidArgument } from '@salescast/platform/grpc/errors';

export interface ReorderQuery {
  skus?: string[];
  supplier?: string;
  serviceLevel?: number;
  reviewDays?: number;
}

/** Most SKUs one request may name (a supplier's list is not limited). */
export const MAX_SKUS_PER_REQUEST = 1000;

/** Validates a GetReorderPlan request; INVALID_ARGUMENT names the field. */
export function parseReorderRequest(req: api.GetReorderPlanRequest): ReorderQuery {
  const skus = (req.skus ?? []).map((s) => s.trim());
  const supplier = (req.supplier ?? '').trim();
  if (!skus.length && !supplier) throw invalidArgument('skus', 'give one or more SKUs, or a supplier');
  if (skus.length && supplier) throw invalidArgument('supplier', 'give SKUs or a supplier, not both');
  if (skus.some((s) => !s)) throw invalidArgument('skus', 'an empty SKU');
  if (skus.length > MAX_SKUS_PER_REQUEST)
    throw invalidArgument('skus', `at most ${MAX_SKUS_PER_REQUEST} per request (got ${skus.length})`);
  const sl = req.serviceLevel ?? 0;
  if (!Number.isFinite(sl) || sl < 0 || sl >= 1)
    throw invalidArgument('service_level', `must be in (0, 1), or 0 for the default (got ${sl})`);
  const reviewDays = req.reviewDays ?? 0;
  if (reviewDays > 365) throw invalidArgument('review_days', `must be at most 365 (got ${reviewDays})`);
  return {
    ...(skus.length ? { skus: [...new Set(skus)] } : { supplier }),
    ...(sl > 0 && { serviceLevel: sl }),
    ...(reviewDays > 0 && { reviewDays }),
  };
}
