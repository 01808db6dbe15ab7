import { normalQuantile } from '@salescast/forecasting';

/** z of the 90th percentile: an 80 % central band spans mean ± Z80 · sigma. */
export const Z80 = normalQuantile(0.9);

/** Standard deviation implied by a central 80 % band (normal approximation). */
export function sigmaFromBand(p10: number, p90: number): number {
  return Math.max(0, p90 - p10) / (2 * Z80);
}
