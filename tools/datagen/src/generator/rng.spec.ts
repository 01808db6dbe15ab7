import { Rng } from './rng';

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
