import { aggregate, horizonBucket, score, ScoredPoint, topSkusByRevenue } from './accuracy';

const pt = (over: Partial<ScoredPoint>): ScoredPoint => ({
  sku: 'A',
  category: 'toys',
  day: '2025-01-10',
  horizon: 1,
  actual: 10,
  mean: 10,
  lower80: 8,
  upper80: 12,
  previousActual: NaN,
  ...over,
});

describe('score', () => {
  it('computes MAPE, WAPE, RMSE, MAE, directional accuracy and 80 % coverage', () => {
    const s = score([
      pt({ actual: 10, mean: 8, lower80: 5, upper80: 12, previousActual: 12 }),
      pt({ actual: 20, mean: 25, lower80: 21, upper80: 30, previousActual: 10 }),
    ]);
    expect(s.points).toBe(2);
    expect(s.mape).toBeCloseTo(22.5, 10); // 20 % and 25 %
    expect(s.wape).toBeCloseTo((100 * 7) / 30, 10);
    expect(s.mae).toBeCloseTo(3.5, 10);
    expect(s.rmse).toBeCloseTo(Math.sqrt((4 + 25) / 2), 10);
    expect(s.directionalAccuracy).toBe(1);
    expect(s.coverage80).toBe(0.5);
  });

  it('leaves zero actuals out of MAPE and gives NaN, not a throw, without points', () => {
    expect(score([pt({ actual: 0, mean: 2 }), pt({ actual: 4, mean: 2 })]).mape).toBeCloseTo(50, 10);
    const empty = score([]);
    expect(empty.points).toBe(0);
    expect(Number.isNaN(empty.wape)).toBe(true);
  });
});

describe('aggregate', () => {
  it('fills overall, category, top-20 % and per-SKU cells by horizon bucket and month', () => {
    const points = [
      pt({ sku: 'A', category: 'toys', day: '2025-01-31', horizon: 1, actual: 10, mean: 12 }),
      pt({ sku: 'A', category: 'toys', day: '2025-02-01', horizon: 9, actual: 10, mean: 14 }),
      pt({ sku: 'B', category: 'food', day: '2025-02-01', horizon: 2, actual: 10, mean: 10 }),
    ];
    const rows = aggregate(points, ['A']);
    const cell = (scope: string, key: string, horizon: string, month: string) =>
      rows.find((r) => r.scope === scope && r.key === key && r.horizon === horizon && r.month === month);
    expect(cell('overall', '', 'all', 'all')?.points).toBe(3);
    expect(cell('overall', '', 'all', 'all')?.mae).toBeCloseTo(2, 10);
    expect(cell('overall', '', '1-7', '2025-02')?.points).toBe(1);
    expect(cell('category', 'toys', 'all', 'all')?.wape).toBeCloseTo(30, 10);
    expect(cell('top20', '', 'all', 'all')?.points).toBe(2);
    expect(cell('top20', '', '8-14', '2025-02')?.mae).toBe(4);
    expect(cell('sku', 'B', 'all', 'all')?.wape).toBe(0);
    expect(cell('sku', 'B', '1-7', 'all')).toBeUndefined(); // per-SKU rows stay one per SKU
  });

  it('buckets horizons and picks the top 20 % by revenue, at least one', () => {
    expect([1, 7, 8, 14, 15, 28, 29, 90].map(horizonBucket)).toEqual(['1-7', '1-7', '8-14', '8-14', '15-28', '15-28', '29+', '29+']);
    const rev = new Map(Object.entries({ a: 5, b: 50, c: 10, d: 0, e: 1, f: 2, g: 3, h: 4, i: 6, j: 7, k: 8 }));
    expect(topSkusByRevenue(rev)).toEqual(['b', 'c']); // 10 SKUs with revenue → 2
    expect(topSkusByRevenue(new Map([['x', 1]]))).toEqual(['x']);
    expect(topSkusByRevenue(new Map())).toEqual([]);
  });
});
