import { DemandPaths, PathOptions } from './demand-paths';
import { addDays, daysBetween, DemandForecast } from './forecast';
import { roundOrder, SupplyTerms } from './order-rounding';

/** Stock of one SKU at the end of day `asOf`. */
export interface StockPosition {
  /** ISO date: the figures hold at the end of this day. */
  asOf: string;
  onHand: number;
  /** Ordered from the supplier, not yet received (expected within the lead time). */
  onOrder: number;
}

export interface PlanParameters {
  /** Probability of not running out before the next order can arrive (cycle service level), e.g. 0.95. */
  serviceLevel: number;
  /** Review period used when the supply terms have none. */
  defaultReviewDays: number;
}

export type PlanStatus =
  | 'order now'
  | 'order later'
  | 'no order needed'
  | 'stock unknown'
  | 'no supply terms';

export interface ReorderPlan {
  sku: string;
  supplier: string;
  status: PlanStatus;
  /** The day the plan is for: the stock's as-of day, or the forecast's origin when stock is unknown. */
  asOf: string;
  leadTimeDays: number;
  reviewDays: number;
  moq: number;
  packSize: number;
  onHand: number;
  onOrder: number;
  /** On hand + on order. */
  inventoryPosition: number;
  /** Expected demand over lead time + review period (the protection interval). */
  protectionDemand: number;
  /** Reorder point = the service-level quantile of demand over lead time + review (also the order-up-to level). */
  reorderPoint: number;
  /** Reorder point − expected protection demand. */
  safetyStock: number;
  /** Units to order (MOQ and packs applied); with unknown stock, the typical order (expected demand over a review period, rounded). */
  orderQuantity: number;
  /** Latest day to place the order ('' when none is due within the forecast, or stock is unknown). */
  orderBy: string;
  /** P(stockout before the next order could arrive) if the proposal is followed. */
  stockoutRisk: number;
  /** P(stockout before the next order could arrive) if nothing is ordered now. */
  stockoutRiskWithoutOrder: number;
}

/** Days between `asOf` and the forecast's origin (stock reported after the origin skips those forecast days). */
function offsetOf(paths: DemandPaths, asOf: string): number {
  return Math.max(0, daysBetween(paths.forecast.originDate, asOf));
}

/**
 * The decision at one review: the reorder point (service-level quantile of demand over lead time +
 * review, read from the demand paths starting `offset` days into the forecast) and what to order for an
 * inventory position `position`. Shared by the plan and the simulation, so they cannot disagree.
 */
export function reviewDecision(
  paths: DemandPaths,
  offset: number,
  terms: Pick<SupplyTerms, 'moq' | 'packSize' | 'leadTimeDays'>,
  reviewDays: number,
  serviceLevel: number,
  position: number,
): { reorderPoint: number; protectionDemand: number; orderQuantity: number } {
  const to = offset + terms.leadTimeDays + reviewDays;
  const reorderPoint = paths.quantile(offset, to, serviceLevel);
  const protectionDemand = paths.mean(offset, to);
  const orderQuantity = position < reorderPoint ? roundOrder(reorderPoint - position, terms.moq, terms.packSize) : 0;
  return { reorderPoint, protectionDemand, orderQuantity };
}

/** Demand paths long enough for a plan: the forecast, or lead time + two review periods past the stock's day if longer. */
export function pathsForPlan(
  forecast: DemandForecast,
  terms: SupplyTerms | undefined,
  asOf: string | undefined,
  parameters: PlanParameters,
  options: Omit<PathOptions, 'days'> = {},
): DemandPaths {
  const R = terms?.reviewDays ? terms.reviewDays : parameters.defaultReviewDays;
  const offset = asOf ? Math.max(0, daysBetween(forecast.originDate, asOf)) : 0;
  const days = Math.max(forecast.points.length, offset + (terms?.leadTimeDays ?? 0) + 2 * R + 1);
  return new DemandPaths(forecast, { ...options, days });
}

/**
 * A periodic-review, order-up-to plan for one SKU (see docs/planning.md):
 *  - reorder point = the `serviceLevel` quantile of demand over lead time L + review period R, from the
 *    forecast's own quantiles (DemandPaths); safety stock = reorder point − expected demand over L + R;
 *  - at a review, when the inventory position (on hand + on order) is below the reorder point, order up
 *    to it: the shortfall, at least the MOQ, in whole packs;
 *  - order-by = the last day d on which an order still arrives (d + L) before the stock runs out with
 *    probability 1 − serviceLevel; 'order now' when that day comes before the next review (d < R);
 *  - without stock figures the plan gives the policy (reorder point, safety stock, the typical order)
 *    and no order-by date: status 'stock unknown', never a blanket 'order now'.
 */
export function planReorder(input: {
  sku: string;
  paths: DemandPaths;
  terms?: SupplyTerms;
  stock?: StockPosition;
  parameters: PlanParameters;
}): ReorderPlan {
  const { sku, paths, terms, stock, parameters } = input;
  const sl = parameters.serviceLevel;
  const asOf = stock?.asOf ?? paths.forecast.originDate;
  const base = {
    sku,
    asOf,
    onHand: stock?.onHand ?? 0,
    onOrder: stock?.onOrder ?? 0,
    inventoryPosition: (stock?.onHand ?? 0) + (stock?.onOrder ?? 0),
  };
  if (!terms)
    return {
      ...base,
      supplier: '',
      status: 'no supply terms',
      leadTimeDays: 0,
      reviewDays: 0,
      moq: 0,
      packSize: 1,
      protectionDemand: 0,
      reorderPoint: 0,
      safetyStock: 0,
      orderQuantity: 0,
      orderBy: '',
      stockoutRisk: 0,
      stockoutRiskWithoutOrder: 0,
    };
  const L = terms.leadTimeDays;
  const R = terms.reviewDays > 0 ? terms.reviewDays : parameters.defaultReviewDays;
  const offset = offsetOf(paths, asOf);
  const position = base.inventoryPosition;
  const decision = reviewDecision(paths, offset, terms, R, sl, stock ? position : -Infinity);
  const common = {
    ...base,
    supplier: terms.supplier,
    leadTimeDays: L,
    reviewDays: R,
    moq: terms.moq,
    packSize: terms.packSize > 1 ? terms.packSize : 1,
    protectionDemand: decision.protectionDemand,
    reorderPoint: decision.reorderPoint,
    safetyStock: decision.reorderPoint - decision.protectionDemand,
  };
  if (!stock) {
    return {
      ...common,
      status: 'stock unknown',
      orderQuantity: roundOrder(paths.mean(offset, offset + R), terms.moq, terms.packSize),
      orderBy: '',
      stockoutRisk: 0,
      stockoutRiskWithoutOrder: 0,
    };
  }
  // the last day d (0 = the day after asOf) on which ordering still meets the service level; the paths
  // must reach past one review beyond the lead time (pathsForPlan does that)
  const horizon = paths.days - offset - L - R;
  let lastDay = -1;
  while (lastDay < horizon && paths.quantile(offset, offset + lastDay + 1 + L, sl) <= position) lastDay++;
  const riskWithout = paths.exceedance(offset, offset + L + R, position);
  if (lastDay < R) {
    const orderQuantity = decision.orderQuantity;
    return {
      ...common,
      status: 'order now',
      orderQuantity,
      orderBy: addDays(asOf, 1 + Math.max(0, lastDay)),
      stockoutRisk: paths.stockoutRisk(offset, L, R, position, orderQuantity),
      stockoutRiskWithoutOrder: riskWithout,
    };
  }
  if (lastDay >= horizon) {
    return { ...common, status: 'no order needed', orderQuantity: 0, orderBy: '', stockoutRisk: riskWithout, stockoutRiskWithoutOrder: riskWithout };
  }
  // an order later: up to the reorder point of the protection interval that starts on the order day
  const later = paths.quantile(offset, offset + lastDay + L + R, sl) - position;
  return {
    ...common,
    status: 'order later',
    orderQuantity: roundOrder(later, terms.moq, terms.packSize),
    orderBy: addDays(asOf, 1 + lastDay),
    stockoutRisk: riskWithout,
    stockoutRiskWithoutOrder: riskWithout,
  };
}

/**
 * The plan of one SKU from its daily forecast, supply terms and stock: pathsForPlan + planReorder. The
 * one entry point the CLI and the prediction service both call, so the same inputs give the same plan.
 */
export function planFromForecast(input: {
  forecast: DemandForecast;
  terms?: SupplyTerms;
  stock?: StockPosition;
  parameters: PlanParameters;
  paths?: Omit<PathOptions, 'days'>;
}): ReorderPlan {
  const { forecast, terms, stock, parameters } = input;
  const paths = pathsForPlan(forecast, terms, stock?.asOf, parameters, input.paths);
  return planReorder({ sku: forecast.sku, paths, terms, stock, parameters });
}
