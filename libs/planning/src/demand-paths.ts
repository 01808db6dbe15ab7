import { DayQuantiles, DemandForecast } from './forecast';
import { hashSeed, normalCdf, normals } from './random';

export interface PathOptions {
  /** Sample paths (default 2 000: the 95 % quantile of a sum then moves by about ±1 % between seeds). */
  samples?: number;
  /**
   * Correlation of the days' forecast errors on the latent normal scale, 0 ≤ ρ ≤ 1 (default 0.3).
   * 0 treats the days as independent (the sum's spread grows like √days: too narrow when the level
   * itself is uncertain); 1 makes every day land on the same quantile (the sum's p-quantile is then
   * the sum of the days' p-quantiles: too wide). Forecast errors persist (a level that is off stays
   * off for weeks), so the truth is in between.
   */
  dependence?: number;
  /** Days to simulate; beyond the forecast the last 28 days repeat (keeping the weekday pattern). */
  days?: number;
  /** Seed (default: a hash of the SKU and the forecast's origin, so that every caller gets the same plan). */
  seed?: number;
}

export const DEFAULT_SAMPLES = 2000;
export const DEFAULT_DEPENDENCE = 0.3;

/**
 * Joint demand over the coming days, as equally likely sample paths drawn from the forecast's own daily
 * quantiles (see DayQuantiles) tied together by a one-factor Gaussian copula: for path k and day t,
 * u = Φ(√ρ·Z_k + √(1−ρ)·ε_kt) and the day's demand is Q_t(u). Each day keeps exactly its forecast
 * distribution (intermittent, skewed, whatever the intervals say); ρ sets how much the days move together.
 * The demand over any window of days is then read off the paths, and its quantiles are the plan's
 * reorder point and safety stock: no normal approximation of the sum.
 */
export class DemandPaths {
  readonly samples: number;
  readonly days: number;
  /** cumulative[k * (days + 1) + t] = demand of path k over days 1..t (t = 0 is 0). */
  private readonly cumulative: Float64Array;
  private readonly cache = new Map<string, Float64Array>();

  constructor(
    readonly forecast: DemandForecast,
    options: PathOptions = {},
  ) {
    const samples = options.samples ?? DEFAULT_SAMPLES;
    const rho = options.dependence ?? DEFAULT_DEPENDENCE;
    if (!(rho >= 0 && rho <= 1)) throw new RangeError(`dependence must be in [0, 1], got ${rho}`);
    if (!(Number.isInteger(samples) && samples >= 10)) throw new RangeError(`samples must be an integer >= 10, got ${samples}`);
    const n = forecast.points.length;
    const days = Math.max(1, options.days ?? n);
    this.samples = samples;
    this.days = days;
    const quantiles = forecast.points.map((p) => new DayQuantiles(p));
    const dayQ = (t: number): DayQuantiles | undefined => {
      if (n === 0) return undefined;
      if (t < n) return quantiles[t];
      const block = Math.min(28, n);
      return quantiles[n - block + ((t - n) % block)];
    };
    const z = normals(options.seed ?? hashSeed(`${forecast.sku}|${forecast.originDate}`));
    const a = Math.sqrt(rho);
    const b = Math.sqrt(1 - rho);
    const stride = days + 1;
    this.cumulative = new Float64Array(samples * stride);
    for (let k = 0; k < samples; k++) {
      const common = z();
      let sum = 0;
      const row = k * stride;
      for (let t = 0; t < days; t++) {
        const q = dayQ(t);
        const u = Math.min(1 - 1e-9, Math.max(1e-9, normalCdf(a * common + b * z())));
        sum += q ? q.at(u) : 0;
        this.cumulative[row + t + 1] = sum;
      }
    }
  }

  /** Sorted demand of every path over forecast days (from, to] (1-based: (0, 7] is the first week). */
  window(from: number, to: number): Float64Array {
    const f = Math.max(0, Math.min(from, this.days));
    const t = Math.max(f, Math.min(to, this.days));
    const key = `${f}:${t}`;
    let sorted = this.cache.get(key);
    if (!sorted) {
      sorted = new Float64Array(this.samples);
      const stride = this.days + 1;
      for (let k = 0; k < this.samples; k++)
        sorted[k] = this.cumulative[k * stride + t] - this.cumulative[k * stride + f];
      sorted.sort();
      if (this.cache.size > 256) this.cache.clear();
      this.cache.set(key, sorted);
    }
    return sorted;
  }

  /** The p-quantile of demand over days (from, to]. */
  quantile(from: number, to: number, p: number): number {
    return quantileOfSorted(this.window(from, to), p);
  }

  /** Expected demand over days (from, to]. */
  mean(from: number, to: number): number {
    const w = this.window(from, to);
    let s = 0;
    for (const v of w) s += v;
    return s / w.length;
  }

  /** P(demand over days (from, to] > stock). */
  exceedance(from: number, to: number, stock: number): number {
    const w = this.window(from, to);
    let lo = 0;
    let hi = w.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid] <= stock) lo = mid + 1;
      else hi = mid;
    }
    return (w.length - lo) / w.length;
  }

  /**
   * P(a stockout before the next order can arrive) when `order` units are ordered now, arriving after
   * `lead` days, forecast day `offset` being today, with `position` units on hand and on order: on a path, demand over the lead time exceeds
   * the position, or demand over lead time + review exceeds the position plus the order.
   */
  stockoutRisk(offset: number, lead: number, review: number, position: number, order: number): number {
    const stride = this.days + 1;
    const o = Math.min(offset, this.days);
    const l = Math.min(offset + lead, this.days);
    const lr = Math.min(offset + lead + review, this.days);
    let out = 0;
    for (let k = 0; k < this.samples; k++) {
      const row = k * stride;
      const start = this.cumulative[row + o];
      if (this.cumulative[row + l] - start > position || this.cumulative[row + lr] - start > position + order) out++;
    }
    return out / this.samples;
  }
}

/** The p-quantile of sorted samples (the smallest value with at least a share p of samples at or below it). */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const i = Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1));
  return sorted[i];
}
