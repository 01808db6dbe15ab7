import { SkuForecast } from './run-forecast';
import { planReorder } from './reorder';
import { monthlyForecasts } from './monthly';
import { normalQuantile } from '@salescast/forecasting';
import { Z80 } from './normal';

/** A flat forecast: `daily` units a day with an 80 % band of ±Z80·sigma. */
function flat(
  daily: number,
  sigma: number,
  terms?: { moq: number; leadTimeDays: number },
  days = 62,
): SkuForecast {
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(Date.UTC(2025, 6, 1 + i)).toISOString().slice(0, 10),
  );
  const mean = dates.map(() => daily);
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
      forecast: { mean, intervals: {} },
      model: { model: 'x', schemaVersion: 1, params: {} },
      chosen: 'x',
      weights: {},
      backtest: [],
      seconds: 0,
    },
    dates,
    mean,
    p10: mean.map((m) => m - Z80 * sigma),
    p50: mean,
    p90: mean.map((m) => m + Z80 * sigma),
  };
}

describe('planReorder', () => {
  const options = { serviceLevel: 0.95, reviewDays: 30 };

  it('with no stock, orders now: lead-time + review demand plus safety stock, at least the MOQ', () => {
    const line = planReorder(flat(10, 3, { moq: 50, leadTimeDays: 9 }), '2025-06-30', options);
    const z = normalQuantile(0.95);
    expect(line.leadTimeDemand).toBeCloseTo(90);
    expect(line.safetyStock).toBeCloseTo(z * 3 * Math.sqrt(9));
    expect(line.reorderPoint).toBeCloseTo(90 + z * 9);
    expect(line.orderQuantity).toBe(Math.ceil(390 + z * 3 * Math.sqrt(39)));
    expect(line).toMatchObject({ status: 'order now', orderBy: '2025-07-01' });
  });

  it('rounds a small need up to the MOQ', () => {
    expect(
      planReorder(flat(0.1, 0.1, { moq: 48, leadTimeDays: 5 }), '2025-06-30', options).orderQuantity,
    ).toBe(48);
  });

  it('with stock, orders on the day the projected stock reaches the reorder point', () => {
    // 10/day, no uncertainty, lead time 5: reorder point 50; 200 on hand last until day 15 → order on day 15.
    const line = planReorder(flat(10, 0, { moq: 1, leadTimeDays: 5 }), '2025-06-30', {
      ...options,
      stock: new Map([['A', 200]]),
    });
    expect(line).toMatchObject({
      status: 'order by date',
      orderBy: '2025-07-16',
      orderQuantity: 300,
      onHand: 200,
    });
  });

  it('needs no order when the stock outlasts the horizon, and says when supply terms are missing', () => {
    expect(
      planReorder(flat(1, 0, { moq: 1, leadTimeDays: 5 }), '2025-06-30', {
        ...options,
        stock: new Map([['A', 1000]]),
      }),
    ).toMatchObject({
      status: 'no order needed',
      orderQuantity: 0,
      orderBy: '',
    });
    expect(planReorder(flat(1, 0), '2025-06-30', options).status).toBe('no supply terms');
  });
});

describe('monthlyForecasts', () => {
  it('adds daily means per month and widens the band by √days', () => {
    const months = monthlyForecasts(flat(2, 1, undefined, 40));
    expect(months.map((m) => [m.month, m.days, m.mean])).toEqual([
      ['2025-07', 31, 62],
      ['2025-08', 9, 18],
    ]);
    expect(months[0].p90 - months[0].mean).toBeCloseTo(Z80 * Math.sqrt(31));
  });
});
