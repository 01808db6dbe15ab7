import { evaluateForecast, ForecastRow, TruthRow } from './evaluate-forecast';

const truth: TruthRow[] = [
  { sku: 'A', date: '2025-07-01', quantity: 10 },
  { sku: 'A', date: '2025-08-01', quantity: 20 },
  { sku: 'B', date: '2025-07-01', quantity: 1 },
  { sku: 'B', date: '2025-08-01', quantity: 0 },
  { sku: 'C', date: '2025-07-01', quantity: 5 },
];

describe('evaluateForecast', () => {
  it('gives zero error, full direction and coverage to a perfect forecast', () => {
    const perfect: ForecastRow[] = truth.map((t) => ({
      ...t,
      mean: t.quantity,
      p10: t.quantity,
      p90: t.quantity,
    }));
    const e = evaluateForecast(perfect, truth, { by: 'month', topShare: 0.5 });
    expect(e.all).toMatchObject({ mape: 0, wape: 0, directionalAccuracy: 1, points: 5, mapeSkippedZeros: 1 });
    expect(e.coverage80).toBe(1);
    expect(e.missingForecasts).toBe(0);
  });

  it('scores SKU-months, ranks the top group by revenue, and counts truth without forecast', () => {
    const forecast: ForecastRow[] = [
      { sku: 'A', date: '2025-07-01', mean: 15, p10: 12, p90: 18 }, // misses 10
      { sku: 'A', date: '2025-08-01', mean: 10, p10: 5, p90: 25 }, // covers 20; direction wrong (down vs up)
      { sku: 'B', date: '2025-07-01', mean: 1, p10: 0, p90: 2 },
      { sku: 'B', date: '2025-08-01', mean: 0.5, p10: 0, p90: 2 },
    ];
    const prices = new Map([
      ['A', 1],
      ['B', 100],
      ['C', 1],
    ]);
    const e = evaluateForecast(forecast, truth, { by: 'month', topShare: 0.5, prices });
    expect(e.missingForecasts).toBe(1);
    expect(e.skus).toBe(2);
    // |10-15| + |20-10| + 0 + |0-0.5| = 15.5 over 31 units.
    expect(e.all.wape).toBeCloseTo((100 * 15.5) / 31);
    expect(e.all.mape).toBeCloseTo((100 * (0.5 + 0.5 + 0)) / 3);
    expect(e.top).toMatchObject({ skus: 1, rankedBy: 'revenue' });
    expect(e.perSku[0].sku).toBe('B'); // 1 unit × 100 beats 30 units × 1
    expect(e.all.directionalAccuracy).toBe(0.5); // A: up vs forecast down (wrong); B: down and down (right)
    expect(e.coverage80).toBeCloseTo(3 / 4);
    expect(e.referenceCoverage80).toBeNaN(); // this truth has no band of its own
  });

  it("scores the truth's own band on the same SKU-days, beside the forecast's", () => {
    // the generator's truth carries its noise-free p10/p90; C has no forecast, so its day is not scored
    const banded: TruthRow[] = truth.map((t, i) => ({
      ...t,
      p10: t.quantity - 1,
      p90: i === 0 ? 8 : t.quantity,
    }));
    const forecast: ForecastRow[] = banded
      .filter((t) => t.sku !== 'C')
      .map((t) => ({ sku: t.sku, date: t.date, mean: t.quantity, p10: 0, p90: 0 }));
    const e = evaluateForecast(forecast, banded, { by: 'day', topShare: 0.5 });
    expect(e.referenceCoverage80).toBeCloseTo(3 / 4); // A's first day (10) is above its band's 8
    expect(e.coverage80).toBeCloseTo(1 / 4); // only B's 0 is inside [0, 0]
  });

  it('rejects a top share outside (0, 1]', () => {
    expect(() => evaluateForecast([], truth, { by: 'day', topShare: 0 })).toThrow(/top-share/);
  });
});
