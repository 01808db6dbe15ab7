import { DemandForecast } from './forecast';
import { SupplyTerms } from './order-rounding';
import { pathsForPlan, planReorder, PlanParameters } from './reorder-plan';

// 10 units a day, 80 % band [8, 12], for 60 days from 2025-07-01
const forecast: DemandForecast = {
  sku: 'A',
  originDate: '2025-06-30',
  points: Array.from({ length: 60 }, (_, i) => ({
    date: `2025-07-${String(i + 1).padStart(2, '0')}`,
    mean: 10,
    intervals: [
      { level: 50, lower: 9, upper: 11 },
      { level: 80, lower: 8, upper: 12 },
      { level: 95, lower: 7, upper: 13 },
    ],
  })),
};
const terms: SupplyTerms = { supplier: 'S', moq: 100, packSize: 25, leadTimeDays: 7, reviewDays: 7 };
const params: PlanParameters = { serviceLevel: 0.95, defaultReviewDays: 14 };
const plan = (onHand: number, t: SupplyTerms | null = terms, onOrder = 0) =>
  planReorder({
    sku: 'A',
    paths: pathsForPlan(forecast, t ?? undefined, '2025-06-30', params),
    terms: t ?? undefined,
    stock: { asOf: '2025-06-30', onHand, onOrder },
    parameters: params,
  });

describe('planReorder', () => {
  it('orders now, up to the reorder point in whole packs, when the position is below it', () => {
    const p = plan(100);
    expect(p.status).toBe('order now');
    // demand over L + R = 14 days: mean 140, 95 % quantile above it
    expect(p.protectionDemand).toBeCloseTo(140, -1);
    expect(p.reorderPoint).toBeGreaterThan(p.protectionDemand);
    expect(p.safetyStock).toBeCloseTo(p.reorderPoint - p.protectionDemand, 9);
    expect(p.orderQuantity % 25).toBe(0);
    expect(p.orderQuantity).toBeGreaterThanOrEqual(Math.max(100, p.reorderPoint - 100));
    expect(p.stockoutRisk).toBeLessThan(0.05 + 0.02);
    expect(p.stockoutRiskWithoutOrder).toBeGreaterThan(0.9);
    // 50 on hand cannot last the 7-day lead time (70 units): an order now is late whatever its size
    expect(plan(50).stockoutRisk).toBeGreaterThan(0.9);
  });

  it('counts stock on order in the position', () => {
    expect(plan(100, terms, 200).status).not.toBe('order now');
  });

  it('orders later with an order-by date when the stock lasts beyond the next review', () => {
    const p = plan(300);
    expect(p.status).toBe('order later');
    // 300 units last ~30 days at 10 a day; the order must be placed ~L = 7 days (plus safety) before
    const by = Date.parse(`${p.orderBy}T00:00:00Z`);
    expect(by).toBeGreaterThanOrEqual(Date.parse('2025-07-15T00:00:00Z'));
    expect(by).toBeLessThan(Date.parse('2025-07-24T00:00:00Z'));
    expect(p.orderQuantity).toBeGreaterThanOrEqual(100);
  });

  it('needs no order when the stock covers the whole forecast', () => {
    expect(plan(10_000).status).toBe('no order needed');
  });

  it('does not say "order now" without stock figures: it gives the policy and the typical order', () => {
    const p = planReorder({ sku: 'A', paths: pathsForPlan(forecast, terms, undefined, params), terms, parameters: params });
    expect(p.status).toBe('stock unknown');
    expect(p.orderBy).toBe('');
    expect(p.reorderPoint).toBeGreaterThan(140);
    expect(p.orderQuantity).toBe(100); // a week of demand (70) raised to the MOQ
  });

  it('says so when there are no supply terms', () => {
    expect(plan(0, null).status).toBe('no supply terms');
  });

  it('skips the forecast days before the stock was counted', () => {
    const later = planReorder({
      sku: 'A',
      paths: pathsForPlan(forecast, terms, '2025-07-10', params),
      terms,
      stock: { asOf: '2025-07-10', onHand: 300, onOrder: 0 },
      parameters: params,
    });
    expect(later.asOf).toBe('2025-07-10');
    expect(Date.parse(later.orderBy)).toBeGreaterThan(Date.parse('2025-07-24'));
  });
});
