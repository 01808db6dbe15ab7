import { DemandPaths } from './demand-paths';
import { DemandForecast } from './forecast';

function flat(days: number, lower: number, upper: number, sku = 'A'): DemandForecast {
  return {
    sku,
    originDate: '2025-06-30',
    points: Array.from({ length: days }, (_, i) => ({
      date: `d${i}`,
      mean: (lower + upper) / 2,
      intervals: [{ level: 80, lower, upper }],
    })),
  };
}

describe('DemandPaths', () => {
  it('with dependence 1 the quantile of a sum is the sum of the days quantiles', () => {
    const paths = new DemandPaths(flat(10, 2, 10), { dependence: 1, samples: 4000 });
    expect(paths.quantile(0, 10, 0.9)).toBeCloseTo(100, 0);
    expect(paths.quantile(0, 10, 0.1)).toBeCloseTo(20, 0);
  });

  it('with independent days the sum is narrower than with dependent ones, around the same centre', () => {
    const indep = new DemandPaths(flat(20, 2, 10), { dependence: 0, samples: 4000 });
    const dep = new DemandPaths(flat(20, 2, 10), { dependence: 0.5, samples: 4000 });
    const spread = (p: DemandPaths) => p.quantile(0, 20, 0.95) - p.quantile(0, 20, 0.05);
    expect(spread(indep)).toBeLessThan(spread(dep));
    expect(indep.mean(0, 20)).toBeCloseTo(dep.mean(0, 20), -1);
  });

  it('is deterministic for a SKU and origin, and differs between SKUs', () => {
    const a = new DemandPaths(flat(14, 0, 5, 'A'));
    const b = new DemandPaths(flat(14, 0, 5, 'A'));
    const c = new DemandPaths(flat(14, 0, 5, 'B'));
    expect(a.quantile(0, 14, 0.95)).toBe(b.quantile(0, 14, 0.95));
    expect([...a.window(0, 14)]).not.toEqual([...c.window(0, 14)]);
  });

  it('keeps intermittent demand intermittent: many paths sell nothing in a short window', () => {
    // a slow mover: 0 on most days (the 80 % band is [0, 1], the 50 % band [0, 0])
    const f: DemandForecast = {
      sku: 'SLOW',
      originDate: '2025-06-30',
      points: Array.from({ length: 7 }, () => ({
        mean: 0.2,
        intervals: [
          { level: 50, lower: 0, upper: 0 },
          { level: 80, lower: 0, upper: 1 },
        ],
        date: '',
      })),
    };
    const paths = new DemandPaths(f, { dependence: 0 });
    const pSale = paths.exceedance(0, 1, 0);
    expect(pSale).toBeGreaterThan(0.2);
    expect(pSale).toBeLessThan(0.3);
    expect(paths.quantile(0, 7, 0.5)).toBeLessThan(2);
    // a week without any sale keeps its probability (0.75^7 ≈ 0.13 for independent days)
    expect(1 - paths.exceedance(0, 7, 0)).toBeGreaterThan(0.08);
  });

  it('extends past the forecast by repeating its last 28 days', () => {
    const paths = new DemandPaths(flat(28, 3, 3), { days: 56, dependence: 0 });
    expect(paths.quantile(28, 56, 0.5)).toBeCloseTo(84, 5);
  });
});
