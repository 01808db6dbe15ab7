import { bucketPath, datesAfter, daysBetween, sumPaths } from './buckets';
import { rollForward } from './roll-forward';

const path = (origin: string, n: number, v = 1) => ({
  dates: datesAfter(origin, n),
  mean: Array.from({ length: n }, () => v),
  intervals: [
    { level: 80, lower: Array.from({ length: n }, () => v / 2), upper: Array.from({ length: n }, () => v * 2) },
  ],
});

describe('rollForward', () => {
  const f = { mean: [10, 10, 10, 10, 10, 10], intervals: { 80: { lower: [5, 5, 5, 5, 5, 5], upper: [15, 15, 15, 15, 15, 15] } } };
  it('without new actuals returns the model’s own forecast', () => {
    const r = rollForward(f, [], 3);
    expect(r.factor).toBe(1);
    expect(r.mean).toEqual([10, 10, 10]);
  });
  it('starts after the last actual and raises the level when the actuals ran above the forecast', () => {
    const r = rollForward(f, [20, 20], 3);
    expect(r.mean).toHaveLength(3);
    expect(r.factor).toBeGreaterThan(1);
    expect(r.factor).toBeLessThan(2); // two days of evidence move it only part of the way
    expect(r.mean[0]).toBeCloseTo(10 * r.factor);
    expect(r.intervals[80].upper[0]).toBeCloseTo(15 * r.factor);
  });
  it('lowers it when sales stopped, within the clamp', () => {
    const r = rollForward({ mean: Array(40).fill(10), intervals: {} }, Array(30).fill(0), 10);
    expect(r.factor).toBeLessThan(0.5);
    expect(r.factor).toBeGreaterThanOrEqual(1 / 3);
  });
  it('refuses a forecast too short for the new origin', () => {
    expect(() => rollForward(f, [1, 2, 3, 4], 3)).toThrow(RangeError);
  });
});

describe('bucketPath', () => {
  it('groups days into Monday-based ISO weeks, partial at both ends', () => {
    // 2024-11-23 is a Saturday: days 24 (Sun) | 25..Dec 1 | Dec 2..
    const b = bucketPath(path('2024-11-23', 20), 10, 'weekly', [80]);
    expect(b.map((x) => [x.start, x.end, x.days])).toEqual([
      ['2024-11-24', '2024-11-24', 1],
      ['2024-11-25', '2024-12-01', 7],
      ['2024-12-02', '2024-12-03', 2],
    ]);
    expect(b[1].mean).toBe(7);
    expect(b[1].intervals).toEqual([{ level: 80, lower: 3.5, upper: 14 }]);
  });
  it('groups days into calendar months', () => {
    const b = bucketPath(path('2024-11-23', 60), 40, 'monthly', []);
    expect(b.map((x) => [x.start, x.days])).toEqual([
      ['2024-11-24', 7],
      ['2024-12-01', 31],
      ['2025-01-01', 2],
    ]);
    expect(b.reduce((s, x) => s + x.mean, 0)).toBe(40);
  });
  it('daily points are the path itself', () => {
    const b = bucketPath(path('2024-02-27', 5, 3), 3, 'daily', [80]);
    expect(b.map((x) => x.start)).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(b.every((x) => x.days === 1 && x.mean === 3)).toBe(true);
  });
  it('refuses a horizon beyond the path and a level it lacks', () => {
    expect(() => bucketPath(path('2024-01-01', 5), 6, 'daily', [])).toThrow(RangeError);
    expect(() => bucketPath(path('2024-01-01', 5), 5, 'daily', [95])).toThrow(/95/);
  });
});

describe('sumPaths', () => {
  it('adds paths on the same dates, shifting a part whose origin is behind', () => {
    const a = path('2024-01-10', 10, 1);
    const behind = path('2024-01-08', 12, 2); // two days behind: its day 2 is a's day 0
    const s = sumPaths([{ path: a, offset: 0 }, { path: behind, offset: daysBetween('2024-01-08', '2024-01-10') }], 5, [80]);
    expect(s.dates[0]).toBe('2024-01-11');
    expect(Array.from(s.mean)).toEqual([3, 3, 3, 3, 3]);
    expect(Array.from(s.intervals[0].upper)).toEqual([6, 6, 6, 6, 6]);
  });
});
