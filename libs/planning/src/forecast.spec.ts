import { addDays, DayQuantiles, daysBetween, poissonQuantile } from './forecast';

const day = (lower80: number, upper80: number, extra: Array<[number, number, number]> = []) => ({
  mean: (lower80 + upper80) / 2,
  intervals: [{ level: 80, lower: lower80, upper: upper80 }, ...extra.map(([level, lower, upper]) => ({ level, lower, upper }))],
});

describe('DayQuantiles', () => {
  it('passes through the interval bounds at their probabilities', () => {
    const q = new DayQuantiles(day(2, 10, [[50, 4, 7], [95, 1, 14]]));
    expect(q.at(0.1)).toBeCloseTo(2);
    expect(q.at(0.9)).toBeCloseTo(10);
    expect(q.at(0.25)).toBeCloseTo(4);
    expect(q.at(0.75)).toBeCloseTo(7);
    expect(q.at(0.975)).toBeCloseTo(14);
    expect(q.at(0.5)).toBeCloseTo(5.5); // linear between the 25 % and 75 % knots
  });

  it('is non-decreasing, never negative, and has an upper tail beyond the last knot', () => {
    const q = new DayQuantiles(day(0, 3, [[95, 0, 9]]));
    let last = -1;
    for (let u = 0.001; u < 1; u += 0.001) {
      const v = q.at(u);
      expect(v).toBeGreaterThanOrEqual(Math.max(0, last - 1e-12));
      last = v;
    }
    expect(q.at(0.999)).toBeGreaterThan(9);
  });

  it('gives intermittent demand a mass at zero (lower quantiles 0)', () => {
    const q = new DayQuantiles(day(0, 1, [[50, 0, 0], [95, 0, 3]]));
    expect(q.at(0.6)).toBe(0);
    expect(q.at(0.74)).toBe(0);
    expect(q.at(0.85)).toBeGreaterThan(0);
  });

  it('falls back to Poisson around the mean without intervals', () => {
    const q = new DayQuantiles({ mean: 4, intervals: [] });
    expect(q.at(0.5)).toBe(poissonQuantile(4, 0.5));
    expect(poissonQuantile(4, 0.5)).toBe(4);
    expect(poissonQuantile(0.1, 0.9)).toBe(0);
    expect(poissonQuantile(0.1, 0.95)).toBe(1);
  });
});

describe('dates', () => {
  it('counts and adds whole days across month ends', () => {
    expect(daysBetween('2025-06-30', '2025-07-02')).toBe(2);
    expect(addDays('2025-06-30', 2)).toBe('2025-07-02');
  });
});
