/** Purchasing terms of one SKU, as `erp.supply-terms.v1` carries them. */
export interface SupplyTerms {
  supplier: string;
  /** Minimum order quantity in units (0 or 1 = none). */
  moq: number;
  /** Units per pack (case, carton): orders are whole packs (0 or 1 = single units). */
  packSize: number;
  /** Days from placing an order to the goods being sellable. */
  leadTimeDays: number;
  /** Days between two ordering decisions for this supplier (0 = the plan's default review period). */
  reviewDays: number;
}

/**
 * What to order when `need` units are missing: nothing when nothing is missing, else at least the MOQ,
 * rounded up to whole packs (an MOQ that is not a whole number of packs is rounded up too).
 */
export function roundOrder(need: number, moq: number, packSize: number): number {
  if (!(need > 1e-9)) return 0;
  const pack = packSize > 1 ? packSize : 1;
  const q = Math.max(need, moq > 0 ? moq : 0);
  return Math.ceil(q / pack - 1e-9) * pack;
}
