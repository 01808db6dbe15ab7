import { seededRandom } from '../core/stats';
import { Series } from '../core/types';
import { closedWeekdaysOf, forecastHierarchy, HierarchyJob, sumSeries } from './hierarchy';

/** A daily SKU from 2024-01-01 (a Monday) that never sells on Saturdays. */
function sku(id: string, days: number, rate: number, seed: number, offset = 0): Series {
  const u = seededRandom(seed);
  const y = Array.from({ length: days }, (_, t) => {
    const weekday = (1 + offset + t) % 7; // getUTCDay(): 2024-01-01 is a Monday (1)
    return weekday === 6 ? 0 : Math.round(rate * (0.5 + u()));
  });
  const start = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
  return { id, freq: 'daily', start, y };
}

describe('sumSeries', () => {
  it('adds series by date from the earliest start', () => {
    const a: Series = { id: 'a', freq: 'daily', start: '2024-01-01', y: [1, 2, 3] };
    const b: Series = { id: 'b', freq: 'daily', start: '2024-01-02', y: [10, 20] };
    expect(sumSeries('g', [a, b])).toEqual({ id: 'g', freq: 'daily', start: '2024-01-01', y: [1, 12, 23] });
  });
});

describe('closedWeekdaysOf', () => {
  it('finds the weekday nobody sells on', () => {
    expect(closedWeekdaysOf(sku('a', 120, 10, 1))).toEqual([6]);
  });
  it('finds none when every weekday sells', () => {
    const open: Series = { id: 'o', freq: 'daily', start: '2024-01-01', y: new Array(120).fill(3) };
    expect(closedWeekdaysOf(open)).toEqual([]);
  });
});

describe('forecastHierarchy', () => {
  const jobs: HierarchyJob[] = [
    { series: sku('a1', 200, 20, 1), context: { seasonPeriod: 7 }, group: 'a' },
    { series: sku('a2', 170, 5, 2, 30), context: { seasonPeriod: 7 }, group: 'a' },
    { series: sku('b1', 200, 50, 3), context: { seasonPeriod: 7 }, group: 'b' },
    { series: sku('b2', 60, 1, 4, 140), context: { seasonPeriod: 7 }, group: 'b' },
  ];
  let result: Awaited<ReturnType<typeof forecastHierarchy>>;
  beforeAll(async () => {
    result = await forecastHierarchy(jobs, { horizon: 21, members: ['seasonal_ratio', 'tsb'], levels: [80] });
  });

  it('adds up: the SKUs of a group sum to the group, the groups to the total, at every step', () => {
    expect(result.groups.map((g) => [g.id, g.skus])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    for (let k = 0; k < 21; k++) {
      const a = result.skus[0].forecast.mean[k] + result.skus[1].forecast.mean[k];
      const b = result.skus[2].forecast.mean[k] + result.skus[3].forecast.mean[k];
      expect(result.groups[0].forecast.mean[k]).toBeCloseTo(a, 9);
      expect(result.groups[1].forecast.mean[k]).toBeCloseTo(b, 9);
      expect(result.total.forecast.mean[k]).toBeCloseTo(a + b, 9);
    }
  });

  it('matches the total to its own forecast week by week', () => {
    const own = result.total.base.forecast.mean;
    for (let w = 0; w < 3; w++) {
      const week = (xs: number[]) => xs.slice(7 * w, 7 * w + 7).reduce((s, v) => s + v, 0);
      expect(week(result.total.forecast.mean)).toBeCloseTo(week(own), 6);
    }
  });

  it('forecasts 0 on the shop-wide closed weekday, for every SKU and level', () => {
    expect(result.closedWeekdays).toEqual([6]);
    // the series end on 2024-07-18 (a Thursday): step 2 (index 1) is the first Saturday
    for (const k of [1, 8, 15]) {
      for (const r of result.skus) expect(r.forecast.mean[k]).toBe(0);
      expect(result.total.forecast.mean[k]).toBe(0);
    }
    expect(result.total.forecast.mean[0]).toBeGreaterThan(0);
  });

  it('keeps each SKU near its own level (reconciliation moves levels, it does not swap SKUs)', () => {
    const weekly = (k: number) => result.skus[k].forecast.mean.slice(0, 7).reduce((s, v) => s + v, 0);
    expect(weekly(2)).toBeGreaterThan(weekly(0));
    expect(weekly(0)).toBeGreaterThan(weekly(1));
    expect(weekly(0) / 7).toBeGreaterThan(10);
    expect(weekly(0) / 7).toBeLessThan(30);
  });
});
