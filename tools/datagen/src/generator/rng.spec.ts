import { Rng } from './rng';
import { negativeBinomialQuantile } from './quantiles';

describe('Rng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const seqA = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(seqA);
  });

  it.each([0.3, 4, 25, 400])('draws Poisson(%p) with the right mean and variance', (lambda) => {
    const rng = new Rng(11);
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.poisson(lambda);
      expect(Number.isInteger(k) && k >= 0).toBe(true);
      sum += k;
      sq += k * k;
    }
    const mean = sum / n;
    const variance = sq / n - mean * mean;
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / n) + 1e-9);
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.08);
  });

  it('draws negative binomial counts with mean m and variance m + m²/k', () => {
    const rng = new Rng(3);
    const n = 40_000;
    const m = 5;
    const k = 2;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.negativeBinomial(m, k);
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(m, 0);
    expect(sq / n - mean * mean).toBeGreaterThan(0.85 * (m + (m * m) / k));
    expect(sq / n - mean * mean).toBeLessThan(1.15 * (m + (m * m) / k));
  });
});

describe('negativeBinomialQuantile', () => {
  it('matches hand-computed quantiles and the sampler', () => {
    // k = 1 is geometric: P(X = x) = (1/(1+m)) (m/(1+m))^x; m = 1: P(0) = 0.5, P(≤1) = 0.75, P(≤2) = 0.875, P(≤3) = 0.9375.
    expect(negativeBinomialQuantile(1, 1, 0.1)).toBe(0);
    expect(negativeBinomialQuantile(1, 1, 0.5)).toBe(0);
    expect(negativeBinomialQuantile(1, 1, 0.6)).toBe(1);
    expect(negativeBinomialQuantile(1, 1, 0.9)).toBe(3);
    expect(negativeBinomialQuantile(0, 5, 0.9)).toBe(0);
    const rng = new Rng(3);
    const draws = Array.from({ length: 20_000 }, () => rng.negativeBinomial(12, 4));
    const q90 = negativeBinomialQuantile(12, 4, 0.9);
    const below = draws.filter((d) => d <= q90).length / draws.length;
    const belowPrevious = draws.filter((d) => d <= q90 - 1).length / draws.length;
    expect(below).toBeGreaterThanOrEqual(0.89);
    expect(belowPrevious).toBeLessThan(0.905);
  });
});
