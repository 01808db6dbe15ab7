import { countQuantile, isCountSeries } from './count-quantiles';

/** P(Y ≤ n) of a Poisson with mean `mean`. */
function poissonCdf(mean: number, n: number): number {
  let term = Math.exp(-mean);
  let cdf = term;
  for (let k = 1; k <= n; k++) {
    term *= mean / k;
    cdf += term;
  }
  return cdf;
}

describe('countQuantile', () => {
  it('moves a continuous quantile to the nearest whole unit, a half down, never below 0', () => {
    expect(countQuantile(0.7)).toBe(1);
    expect(countQuantile(4.6)).toBe(5);
    expect(countQuantile(4.4)).toBe(4);
    expect(countQuantile(2.5)).toBe(2);
    expect(countQuantile(3)).toBe(3);
    expect(countQuantile(0.2)).toBe(0);
    expect(Object.is(countQuantile(0.2), 0)).toBe(true); // not −0
    expect(countQuantile(-1.3)).toBe(0);
    expect(countQuantile(NaN)).toBeNaN();
  });

  it('recovers the count quantile of a Poisson from its continuity-corrected continuous quantile', () => {
    // The continuous variable Y + U(−½, ½), Y ~ Poisson(mean): its distribution function is linear between
    // F(n − 1) at n − ½ and F(n) at n + ½. Its p-quantile, rounded by countQuantile, must be Y's p-quantile.
    for (const mean of [0.3, 1.7, 6, 25])
      for (const p of [0.1, 0.25, 0.5, 0.75, 0.9]) {
        let n = 0;
        while (poissonCdf(mean, n) < p) n++;
        const below = n === 0 ? 0 : poissonCdf(mean, n - 1);
        const continuous = n - 0.5 + (p - below) / (poissonCdf(mean, n) - below);
        expect({ mean, p, q: countQuantile(continuous) }).toEqual({ mean, p, q: n });
      }
  });
});

describe('isCountSeries', () => {
  it('is true for whole numbers with missing days, false for any fraction or no value at all', () => {
    expect(isCountSeries([0, 3, NaN, 12, -2])).toBe(true);
    expect(isCountSeries([0, 3, 1.5])).toBe(false);
    expect(isCountSeries([NaN, NaN])).toBe(false);
    expect(isCountSeries([])).toBe(false);
  });
});
