import { scoreForecast } from './summary';

describe('scoreForecast', () => {
  it('reports every metric and per-level interval coverage', () => {
    const s = scoreForecast(
      [10, 20],
      { mean: [12, 18], intervals: { 80: { lower: [9, 19], upper: [11, 21] } } },
      [5, 10, 15, 8],
      1,
    );
    expect(s.mape).toBeCloseTo(15, 10);
    expect(s.accuracy).toBeCloseTo(85, 10);
    expect(s.mae).toBe(2);
    expect(s.mase).toBeCloseTo(2 / (17 / 3), 10);
    expect(s.directionalAccuracy).toBe(1);
    expect(s.intervals[80]).toEqual({ coverage: 1, width: 2 });
  });
});
