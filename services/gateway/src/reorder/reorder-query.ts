import { z } from 'zod';
import { ApiError } from '../errors/api-error';
import { identifier, oneString, parse } from '../errors/parse';

/** Most SKUs one request may name: GetReorderPlan's own limit. */
export const MAX_SKUS = 1000;

const skuList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((s) => s.split(',')).filter((s) => s !== ''),
  )
  .pipe(z.array(identifier).max(MAX_SKUS, `at most ${MAX_SKUS} SKUs per request`));

const planQuery = z.object({
  sku: skuList,
  category: oneString.min(1, 'required when given').max(200).optional(),
  supplier: oneString.min(1, 'required when given').max(200).optional(),
  service_level: oneString
    .regex(/^0?\.\d{1,6}$/, 'want a number between 0 and 1, e.g. 0.95')
    .transform(Number)
    .refine((n) => n > 0 && n < 1, 'must be between 0 and 1 (exclusive)')
    .optional(),
  review_days: oneString
    .regex(/^\d{1,3}$/, 'want a whole number of days')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 365, 'must be between 1 and 365')
    .optional(),
});

export type PlanQuery = z.infer<typeof planQuery> & { by: 'sku' | 'category' | 'supplier' };

/** The reorder-plan query: exactly one of sku, category, supplier; a 400 naming the field otherwise. Pure. */
export function parsePlanQuery(query: unknown): PlanQuery {
  const q = parse(planQuery, query);
  const given = (['sku', 'category', 'supplier'] as const).filter((k) =>
    k === 'sku' ? q.sku.length > 0 : q[k] !== undefined,
  );
  if (given.length === 0) throw ApiError.invalid('sku', 'give sku, category or supplier');
  if (given.length > 1) throw ApiError.invalid(given[1], 'give only one of sku, category or supplier');
  return { ...q, by: given[0] };
}
