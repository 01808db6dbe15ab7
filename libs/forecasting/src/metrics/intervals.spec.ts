import fc from 'fast-check';
import { intervalCoverage, intervalScore, intervalWidth, pinball } from './intervals';

describe('interval metrics', () => {
  it('coverage counts the closed interval, width is the mean', () => {
    expect(intervalCoverage([1, 5, 10, 3], [0, 5, 0, 4], [2, 6, 9, 8])).toBe(0.5);
    expect(intervalWidth([0, 5], [2, 9])).toBe(3);
  });

  it('interval score adds 2/alpha times the miss', () => {
    // level 80 -> alpha 0.2 -> penalty 10 per unit outside
    expect(intervalScore([1, 12], [0, 8], [2, 10], 80)).toBeCloseTo((2 + 2 + 10 * 2) / 2, 10);
  });

  it('pinball weighs under- and over-forecasts by q and 1-q', () => {
    expect(pinball([10], [8], 0.9)).toBeCloseTo(1.8, 10);
    expect(pinball([10], [12], 0.9)).toBeCloseTo(0.2, 10);
    expect(() => pinball([1], [1], 1)).toThrow(/q must be/);
  });

  it('pinball at q = 0.5 is half the MAE, and is never negative', () => {
    const arr = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(arr, fc.double({ min: 0.01, max: 0.99, noNaN: true }), (a, q) => {
        const f = a.map((v, i) => v + (i % 3) - 1);
        const mae = a.reduce((s, v, i) => s + Math.abs(v - f[i]), 0) / a.length;
        return Math.abs(pinball(a, f, 0.5) - mae / 2) < 1e-9 && pinball(a, f, q) >= 0;
      }),
    );
  });
});
