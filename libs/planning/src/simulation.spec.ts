import { DemandPaths } from './demand-paths';
import { DemandForecast } from './forecast';
import {
  interpolate,
  naivePolicy,
  oraclePolicy,
  OrderPolicy,
  salescastPolicy,
  SimulatedSku,
  simulatePortfolio,
  simulateSku,
} from './simulation';

const fixed = (name: string, level: number): OrderPolicy => ({ name, orderUpTo: () => level });
const sku = (demand: number[], terms: Partial<SimulatedSku['terms']> = {}): SimulatedSku => ({
  sku: 'A',
  unitValue: 2,
  terms: { supplier: 'S', moq: 0, packSize: 1, leadTimeDays: 2, reviewDays: 3, ...terms },
  demand,
  history: Array(28).fill(5),
});

describe('simulateSku', () => {
  it('runs out when demand outgrows the order-up-to level, and loses the unmet demand', () => {
    // start with 10 on hand; reviews on days 3 and 6 order up to 10; deliveries on days 5 and 8
    const out = simulateSku(sku([4, 4, 4, 4, 4, 4, 4, 4]), fixed('ten', 10));
    // day 0: 10→6, day 1: 6→2, day 2: 2 sold of 4 (lost 2), day 3: review (position 0) orders 10, 0 sold (lost 4),
    // day 4: lost 4, day 5: +10 → 6, day 6: review (position 6) orders 4 → 2, day 7: 2 sold (lost 2)
    expect(out.stock).toEqual([6, 2, 0, 0, 0, 6, 2, 0]);
    expect(out.lost).toBe(2 + 4 + 4 + 2);
    expect(out.stockoutDays).toBe(4);
    expect(out.orders).toBe(2);
    expect(out.orderedUnits).toBe(14);
    expect(out.sold / out.demand).toBeCloseTo(20 / 32);
  });

  it('rounds an order up to the MOQ and to whole packs', () => {
    // position 7 at the day-3 review, order-up-to 10: need 3 → MOQ 20 → packs of 6 → 24
    const out = simulateSku(sku([1, 1, 1, 0, 0, 0, 0, 0], { moq: 20, packSize: 6 }), fixed('ten', 10));
    expect(out.orderedUnits).toBe(24);
    expect(out.stock[5]).toBe(7 + 24);
  });

  it('delivers the same day when the lead time is 0', () => {
    const out = simulateSku(sku([5, 5, 5, 5], { leadTimeDays: 0 }), fixed('five', 5));
    expect(out.lost).toBe(0 + 5 + 5 + 0);
  });
});

describe('policies', () => {
  const demand = [3, 0, 9, 1, 4, 0, 7, 2, 2, 8, 0, 5, 6, 1, 3];
  const s = sku(demand, { leadTimeDays: 2, reviewDays: 3 });

  it('the oracle loses nothing without MOQs', () => {
    const out = simulatePortfolio([s], oraclePolicy());
    expect(out.fillRate).toBe(1);
    expect(out.stockoutDays).toBe(0);
  });

  it('the naive policy orders last month average × cover days', () => {
    const p = naivePolicy(1.5);
    expect(p.orderUpTo(s, 0, 0)).toBeCloseTo(5 * 1.5 * 5);
  });

  it('salescast orders up to the service-level quantile of the latest forecast', () => {
    const f: DemandForecast = {
      sku: 'A',
      originDate: '2025-06-30',
      points: Array.from({ length: 30 }, () => ({ date: '', mean: 4, intervals: [{ level: 80, lower: 1, upper: 7 }] })),
    };
    const paths = new DemandPaths(f, { days: 30 });
    const p90 = salescastPolicy(new Map([['A', [{ firstDay: 0, paths }]]]), 0.9);
    const p50 = salescastPolicy(new Map([['A', [{ firstDay: 0, paths }]]]), 0.5);
    expect(p90.orderUpTo(s, 3, 0)).toBeCloseTo(paths.quantile(3, 8, 0.9), 9);
    const hi = simulatePortfolio([s], p90);
    const lo = simulatePortfolio([s], p50);
    expect(hi.fillRate).toBeGreaterThanOrEqual(lo.fillRate);
    expect(hi.averageStockUnits).toBeGreaterThan(lo.averageStockUnits);
  });

  it('reports turns and costs consistently', () => {
    const out = simulatePortfolio([s], fixed('ten', 10), { holdingRate: 0.365, lostMargin: 0.5 });
    const stockDays = out.perSku[0].stockDays;
    expect(out.averageStockValue).toBeCloseTo((stockDays * 2) / demand.length);
    expect(out.holdingCost).toBeCloseTo(stockDays * 2 * 0.001);
    expect(out.lostSalesCost).toBeCloseTo(out.unitsLost * 2 * 0.5);
    expect(out.inventoryTurns).toBeCloseTo((((out.perSku[0].sold * 2) / demand.length) * 365) / out.averageStockValue);
  });
});

describe('interpolate', () => {
  const pts = [
    { x: 0.9, y: 10 },
    { x: 0.8, y: 20 },
  ];
  it('reads a curve between its points and refuses to extrapolate', () => {
    expect(interpolate(pts, (p) => p.x, (p) => p.y, 0.85)).toBeCloseTo(15);
    expect(interpolate(pts, (p) => p.x, (p) => p.y, 0.9)).toBe(10);
    expect(interpolate(pts, (p) => p.x, (p) => p.y, 0.95)).toBeUndefined();
  });
});
