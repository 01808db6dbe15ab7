/**
 * Quantile of the generator's daily demand distribution: a negative binomial with mean `mean` and shape
 * `k` (a Poisson whose rate is gamma-distributed, variance mean + mean²/k; Rng.negativeBinomial draws it).
 * Returns the smallest whole number q with P(X ≤ q) ≥ p. Because demand is whole units, [q(0.1), q(0.9)]
 * holds more than 80 % of the probability: that is the coverage a perfect forecaster's p10–p90 reaches.
 */
export function negativeBinomialQuantile(mean: number, k: number, p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(mean > 0)) return 0;
  if (!(k > 0)) throw new RangeError(`k must be > 0, got ${k}`);
  const success = k / (k + mean); // P(X = 0) = success^k
  let pmf = Math.pow(success, k);
  let cdf = pmf;
  let q = 0;
  // P(X = x + 1) = P(X = x) · (x + k) / (x + 1) · (1 − success)
  while (cdf < p && q < 1e7) {
    pmf *= ((q + k) / (q + 1)) * (1 - success);
    cdf += pmf;
    q++;
  }
  return q;
}
