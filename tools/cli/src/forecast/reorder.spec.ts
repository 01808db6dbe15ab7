import { SkuForecast } from './run-forecast';
import { demandForecastOf, planReorder } from './reorder';

/** A flat forecast: `daily` units a day with symmetric 50/80/95 % bands of ±1, ±2, ±3 units. */
function flat(
  daily: number,
  terms?: { moq: number; leadTimeDays: number; packSize?: number },
  days = 62,
): SkuForecast {
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(Date.UTC(2025, 6, 1 + i)).toISOString().slice(0, 10),
  );
  const mean = dates.map(() => daily);
  const band = (w: number) => ({ lower: mean.map((m) => m - w), upper: mean.map((m) => m + w) });
  return {
    input: {
      sku: { sku: 'A', name: 'Mug', category: 'kitchen', unitPrice: 5, launchedOn: '2020-01-01' },
      ...(terms && { terms: { sku: 'A', supplier: 'S', ...terms } }),
      series: { id: 'A', freq: 'daily', start: '2025-01-01', y: [] },
      context: { seasonPeriod: 7 },
      returned: [],
      revenueLastYear: 0,
      unitsLastYear: 0,
      returnedLastYear: 0,
      lastPrice: 5,
    },
    result: {
      id: 'A',
      forecast: { mean, intervals: { 50: band(1), 80: band(2), 95: band(3) } },
      model: { model: 'x', schemaVersion: 1, params: {} },
      chosen: 'x',
      weights: {},
      backtest: [],
      seconds: 0,
    },
    dates,
    mean,
    p10: band(2).lower,
    p50: mean,
    p90: band(2).upper,
    band: band(2),
  } as unknown as SkuForecast;
}

const stock = (onHand: number, onOrder = 0) =>
  new Map([['A', { sku: 'A', asOf: '2025-06-30', onHand, onOrder }]]);

describe('the CLI reorder plan', () => {
  const options = { serviceLevel: 0.95, reviewDays: 14 };

  it('hands every interval level of the engine to the planner', () => {
    const d = demandForecastOf(flat(10), '2025-06-30');
    expect(d.points[0].intervals.map((i) => i.level)).toEqual([50, 80, 95]);
    expect(d.points[0].intervals[2]).toEqual({ level: 95, lower: 7, upper: 13 });
  });

  it("scales every interval by the day's factor, as the mean was (a run-down, a price change, the end of sale)", () => {
    const f = flat(10);
    const factors = f.dates.map((_, i) => (i < 10 ? 0.5 : 0));
    const halved = { ...f, factors, mean: f.mean.map((m, i) => m * factors[i]) };
    const d = demandForecastOf(halved, '2025-06-30');
    expect(d.points[0].intervals[2]).toEqual({ level: 95, lower: 3.5, upper: 6.5 });
    expect(d.points[10].intervals[2]).toEqual({ level: 95, lower: 0, upper: 0 });
    // so the order-up-to level falls with them
    const terms = { moq: 1, leadTimeDays: 9 };
    const full = planReorder(flat(10, terms), '2025-06-30', options);
    const base = flat(10, terms);
    const half = { ...base, factors: base.dates.map(() => 0.5), mean: base.mean.map((m) => m / 2) };
    const down = planReorder(half, '2025-06-30', options);
    expect(down.reorderPoint).toBeLessThan(0.6 * full.reorderPoint);
  });

  it('without stock figures gives the policy, not "order now"', () => {
    const line = planReorder(flat(10, { moq: 50, leadTimeDays: 9 }), '2025-06-30', options);
    expect(line.status).toBe('stock unknown');
    expect(line.orderBy).toBe('');
    expect(line.reorderPoint).toBeGreaterThan(230); // 23 days × 10 + safety stock
    expect(line.orderQuantity).toBe(140); // a review period of demand
  });

  it('with an empty shelf orders now, at least the MOQ, in packs', () => {
    const line = planReorder(flat(1, { moq: 50, leadTimeDays: 9, packSize: 12 }), '2025-06-30', {
      ...options,
      stock: stock(0),
    });
    expect(line).toMatchObject({ status: 'order now', orderBy: '2025-07-01', orderQuantity: 60 });
  });

  it('with plenty of stock on order needs no order now', () => {
    const line = planReorder(flat(10, { moq: 50, leadTimeDays: 9 }), '2025-06-30', {
      ...options,
      stock: stock(100, 400),
    });
    expect(line.status).not.toBe('order now');
  });

  it('says when there are no supply terms', () => {
    expect(planReorder(flat(10), '2025-06-30', { ...options, stock: stock(0) }).status).toBe(
      'no supply terms',
    );
  });
});
