import { normalQuantile } from './random';

/**
 * The forecast a plan starts from: daily points with central intervals, the shape of `ForecastPoint`
 * in `forecasts.published.v1` / ForecastService (so a published snapshot maps field for field).
 */
export interface ForecastInterval {
  /** Nominal coverage in percent, e.g. 80 for the 10 %–90 % quantiles. */
  level: number;
  lower: number;
  upper: number;
}

export interface ForecastDay {
  /** ISO date YYYY-MM-DD. */
  date: string;
  /** Expected units. */
  mean: number;
  intervals: readonly ForecastInterval[];
}

export interface DemandForecast {
  sku: string;
  /** Last observed day (YYYY-MM-DD); points start the day after. */
  originDate: string;
  points: readonly ForecastDay[];
}

const DAY_MS = 86_400_000;

/** Whole days from ISO date `a` to ISO date `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** ISO date `n` days after `iso`. */
export function addDays(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * One day's demand distribution as a quantile function, from the day's intervals: a level-L interval
 * gives the quantiles at (1 − L/100)/2 and (1 + L/100)/2, so levels 50/80/95 give six knots
 * (2.5 %, 10 %, 25 %, 75 %, 90 %, 97.5 %). Between knots the quantile function is linear; below the
 * lowest knot it continues the first segment's slope down to 0 (demand is never negative, so when the
 * lower quantiles are 0 — intermittent demand — the day has a point mass at zero of at least that
 * probability); above the highest knot it has an exponential tail whose scale matches the last segment
 * (right-skewed demand keeps a long upper tail instead of being cut at the 97.5 % quantile).
 * A day without intervals is Poisson around its mean (the least informative count distribution).
 */
export class DayQuantiles {
  private readonly p: number[] = [];
  private readonly q: number[] = [];
  private readonly poissonMean?: number;

  constructor(day: Pick<ForecastDay, 'mean' | 'intervals'>) {
    const knots = new Map<number, number>();
    for (const i of day.intervals) {
      if (!(i.level > 0 && i.level < 100) || !Number.isFinite(i.lower) || !Number.isFinite(i.upper)) continue;
      const a = (1 - i.level / 100) / 2;
      knots.set(a, Math.max(0, i.lower));
      knots.set(1 - a, Math.max(0, i.upper));
    }
    if (knots.size < 2) {
      this.poissonMean = Math.max(0, Number.isFinite(day.mean) ? day.mean : 0);
      return;
    }
    const sorted = [...knots.entries()].sort((x, y) => x[0] - y[0]);
    let floor = 0;
    for (const [p, q] of sorted) {
      floor = Math.max(floor, q); // quantiles must not decrease with p
      this.p.push(p);
      this.q.push(floor);
    }
  }

  /** The demand quantile at probability u in (0, 1). */
  at(u: number): number {
    if (this.poissonMean !== undefined) return poissonQuantile(this.poissonMean, u);
    const { p, q } = this;
    const n = p.length;
    if (u <= p[0]) {
      const slope = (q[1] - q[0]) / (p[1] - p[0]);
      return Math.max(0, q[0] - slope * (p[0] - u));
    }
    if (u >= p[n - 1]) {
      const scale = (q[n - 1] - q[n - 2]) / Math.log((1 - p[n - 2]) / (1 - p[n - 1]));
      return q[n - 1] + scale * Math.log((1 - p[n - 1]) / (1 - u));
    }
    let k = 1;
    while (p[k] < u) k++;
    return q[k - 1] + ((q[k] - q[k - 1]) * (u - p[k - 1])) / (p[k] - p[k - 1]);
  }
}

/** Smallest k with P(Poisson(mean) ≤ k) ≥ u. */
export function poissonQuantile(mean: number, u: number): number {
  if (mean <= 0) return 0;
  let k = 0;
  let term = Math.exp(-mean);
  let cdf = term;
  if (term === 0) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normalQuantile(u))); // mean > ~700: normal
  while (cdf < u && k < 100_000) {
    k++;
    term *= mean / k;
    cdf += term;
  }
  return k;
}
