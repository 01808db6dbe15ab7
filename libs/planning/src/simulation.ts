import { DemandPaths } from './demand-paths';
import { roundOrder, SupplyTerms } from './order-rounding';
import { reviewDecision } from './reorder-plan';

/** One SKU's actual demand over the simulated window, and what it costs. */
export interface SimulatedSku {
  sku: string;
  /** Value of one unit (price), for stock value, turns and lost-sales cost. */
  unitValue: number;
  /** Supply terms with the review period resolved (reviewDays > 0). */
  terms: SupplyTerms;
  /** Actual daily demand, day 0 = the first simulated day. */
  demand: readonly number[];
  /** Actual daily demand before day 0 (the naive policy averages its last 28 days). */
  history: readonly number[];
  /** Actual daily demand after the window, when known (the oracle looks ahead into it). */
  after?: readonly number[];
}

/** A replenishment rule: the inventory position it wants after ordering at a review on day t. */
export interface OrderPolicy {
  readonly name: string;
  orderUpTo(sku: SimulatedSku, day: number, position: number): number;
}

export interface Costs {
  /** Yearly cost of holding stock, as a share of its value (default 0.25). */
  holdingRate: number;
  /** Margin lost per unit not sold, as a share of its value (default 0.3). */
  lostMargin: number;
}

export const DEFAULT_COSTS: Costs = { holdingRate: 0.25, lostMargin: 0.3 };

/** What happened to one SKU. */
export interface SkuOutcome {
  sku: string;
  demand: number;
  sold: number;
  lost: number;
  /** Days with unmet demand. */
  stockoutDays: number;
  /** Sum over days of the end-of-day stock (unit-days). */
  stockDays: number;
  orders: number;
  orderedUnits: number;
  /** End-of-day stock, day by day. */
  stock: number[];
}

/**
 * Replays a policy day by day against what actually sold (lost sales): it starts with the policy's own
 * order-up-to level on hand (as if a delivery had just arrived); every review day (day 0, R, 2R, …) it
 * orders the shortfall to its order-up-to level — at least the MOQ, in whole packs — which arrives L
 * days later, at the start of that day; each day's demand is served from stock and what cannot be
 * served is lost.
 */
export function simulateSku(sku: SimulatedSku, policy: OrderPolicy): SkuOutcome {
  const { leadTimeDays: L, reviewDays: R, moq, packSize } = sku.terms;
  if (!(R > 0)) throw new RangeError(`${sku.sku}: reviewDays must be > 0`);
  const days = sku.demand.length;
  const arrivals = new Float64Array(days + L + 1);
  let onHand = Math.max(0, Math.round(policy.orderUpTo(sku, 0, 0)));
  let onOrder = 0;
  const out: SkuOutcome = { sku: sku.sku, demand: 0, sold: 0, lost: 0, stockoutDays: 0, stockDays: 0, orders: 0, orderedUnits: 0, stock: [] };
  for (let t = 0; t < days; t++) {
    onHand += arrivals[t];
    onOrder -= arrivals[t];
    if (t > 0 && t % R === 0) {
      const position = onHand + onOrder;
      const q = roundOrder(policy.orderUpTo(sku, t, position) - position, moq, packSize);
      if (q > 0) {
        arrivals[t + L] += q;
        onOrder += q;
        out.orders++;
        out.orderedUnits += q;
        if (L === 0) {
          onHand += q;
          onOrder -= q;
          arrivals[t] -= q;
        }
      }
    }
    const d = sku.demand[t];
    const sold = Math.min(onHand, d);
    onHand -= sold;
    out.demand += d;
    out.sold += sold;
    out.lost += d - sold;
    if (d - sold > 1e-9) out.stockoutDays++;
    out.stockDays += onHand;
    out.stock.push(onHand);
  }
  return out;
}

/** A policy's outcome over many SKUs. */
export interface PortfolioOutcome {
  policy: string;
  days: number;
  skus: number;
  /** Units sold / units demanded. */
  fillRate: number;
  stockoutDays: number;
  unitsLost: number;
  /** Average end-of-day stock, in units and in value. */
  averageStockUnits: number;
  averageStockValue: number;
  /** Value sold per year / average stock value. */
  inventoryTurns: number;
  holdingCost: number;
  lostSalesCost: number;
  orders: number;
  perSku: SkuOutcome[];
}

export function simulatePortfolio(
  skus: readonly SimulatedSku[],
  policy: OrderPolicy,
  costs: Costs = DEFAULT_COSTS,
): PortfolioOutcome {
  let demand = 0, sold = 0, lost = 0, stockoutDays = 0, stockUnitDays = 0, stockValueDays = 0, soldValue = 0, lostValue = 0, orders = 0;
  const days = skus.length ? skus[0].demand.length : 0;
  const perSku = skus.map((s) => {
    const o = simulateSku(s, policy);
    demand += o.demand;
    sold += o.sold;
    lost += o.lost;
    stockoutDays += o.stockoutDays;
    stockUnitDays += o.stockDays;
    stockValueDays += o.stockDays * s.unitValue;
    soldValue += o.sold * s.unitValue;
    lostValue += o.lost * s.unitValue;
    orders += o.orders;
    return o;
  });
  const averageStockValue = days ? stockValueDays / days : 0;
  return {
    policy: policy.name,
    days,
    skus: skus.length,
    fillRate: demand > 0 ? sold / demand : 1,
    stockoutDays,
    unitsLost: lost,
    averageStockUnits: days ? stockUnitDays / days : 0,
    averageStockValue,
    inventoryTurns: averageStockValue > 0 ? ((soldValue / days) * 365) / averageStockValue : 0,
    holdingCost: (stockValueDays * costs.holdingRate) / 365,
    lostSalesCost: lostValue * costs.lostMargin,
    orders,
    perSku,
  };
}

/** Average daily demand over the `window` days before day t (history, then the simulated days). */
function trailingMean(sku: SimulatedSku, t: number, window: number): number {
  let s = 0;
  let n = 0;
  for (let i = t - window; i < t; i++) {
    const v = i < 0 ? sku.history[sku.history.length + i] : sku.demand[i];
    if (v === undefined) continue;
    s += v;
    n++;
  }
  return n ? s / n : 0;
}

/** The naive buyer: last month's (28 days') average daily demand × cover days, cover = factor × (lead time + review). */
export function naivePolicy(coverFactor: number): OrderPolicy {
  return {
    name: `naive ×${coverFactor.toFixed(2)}`,
    orderUpTo: (sku, t) => trailingMean(sku, t, 28) * coverFactor * (sku.terms.leadTimeDays + sku.terms.reviewDays),
  };
}

/** The oracle: knows the actual demand over the coming lead time + review period and orders exactly it. */
export function oraclePolicy(): OrderPolicy {
  return {
    name: 'oracle',
    orderUpTo: (sku, t) => {
      const to = t + sku.terms.leadTimeDays + sku.terms.reviewDays;
      let s = 0;
      for (let i = t; i < to; i++) s += i < sku.demand.length ? sku.demand[i] : (sku.after?.[i - sku.demand.length] ?? 0);
      return s;
    },
  };
}

/** A forecast made on some day of the window: its paths' day 1 is window day `firstDay`. */
export interface DatedPaths {
  firstDay: number;
  paths: DemandPaths;
}

/**
 * salescast's plan: at each review, the reorder point from the latest forecast made by then (the same
 * reviewDecision as the live plan), at the given service level.
 */
export function salescastPolicy(forecasts: ReadonlyMap<string, readonly DatedPaths[]>, serviceLevel: number): OrderPolicy {
  return {
    name: `salescast ${(serviceLevel * 100).toFixed(1)} %`,
    orderUpTo: (sku, t) => {
      const list = forecasts.get(sku.sku);
      if (!list?.length) return 0;
      let f = list[0];
      for (const c of list) if (c.firstDay <= t && c.firstDay >= f.firstDay) f = c;
      const offset = Math.max(0, t - f.firstDay);
      return reviewDecision(f.paths, offset, sku.terms, sku.terms.reviewDays, serviceLevel, Infinity).reorderPoint;
    },
  };
}

/**
 * The value of `y` at `x` on the curve through points sorted by `x` (linear between neighbours);
 * undefined when x lies outside the points' range.
 */
export function interpolate<T>(points: readonly T[], x: (p: T) => number, y: (p: T) => number, at: number): number | undefined {
  const sorted = [...points].sort((a, b) => x(a) - x(b));
  for (let i = 0; i < sorted.length; i++) {
    const xi = x(sorted[i]);
    if (Math.abs(xi - at) < 1e-12) return y(sorted[i]);
    if (i > 0 && x(sorted[i - 1]) < at && at < xi) {
      const x0 = x(sorted[i - 1]);
      const w = (at - x0) / (xi - x0);
      return y(sorted[i - 1]) * (1 - w) + y(sorted[i]) * w;
    }
  }
  return undefined;
}
