/**
 * Input drift: does the recent distribution of a feature still look like the training window's?
 * Population stability index (binned, for weekday mix and as evidence) and the two-sample
 * Kolmogorov–Smirnov test (for continuous features: daily units, price, returns rate).
 */

const EPS = 1e-4;

/** PSI of two discrete distributions (counts or shares over the same categories). */
export function psiOfShares(reference: readonly number[], recent: readonly number[]): number {
  if (reference.length !== recent.length) throw new Error('psi: distributions of different length');
  const rs = reference.reduce((a, b) => a + b, 0);
  const cs = recent.reduce((a, b) => a + b, 0);
  if (rs <= 0 || cs <= 0) return NaN;
  let v = 0;
  for (let i = 0; i < reference.length; i++) {
    const q = Math.max(reference[i] / rs, EPS);
    const p = Math.max(recent[i] / cs, EPS);
    v += (p - q) * Math.log(p / q);
  }
  return v;
}

/** PSI of two samples, binned at the reference's quantiles (`bins` equal-mass bins). */
export function psi(reference: readonly number[], recent: readonly number[], bins = 5): number {
  if (reference.length === 0 || recent.length === 0) return NaN;
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) edges.push(sorted[Math.floor((i * sorted.length) / bins)]);
  const uniq = [...new Set(edges)];
  const count = (xs: readonly number[]) => {
    const c = new Array(uniq.length + 1).fill(0);
    for (const x of xs) {
      let b = 0;
      while (b < uniq.length && x >= uniq[b]) b++;
      c[b]++;
    }
    return c;
  };
  return psiOfShares(count(reference), count(recent));
}

export interface KsResult {
  /** Largest gap between the two empirical CDFs, 0..1. */
  statistic: number;
  /** Asymptotic two-sided p-value. */
  pValue: number;
}

/** Two-sample Kolmogorov–Smirnov test. */
export function ks(a: readonly number[], b: readonly number[]): KsResult {
  if (a.length === 0 || b.length === 0) return { statistic: NaN, pValue: NaN };
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const lambda = (Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d;
  return { statistic: d, pValue: kolmogorovQ(lambda) };
}

/** Q_KS(λ) = 2 Σ (-1)^{k-1} e^{-2 k² λ²} (Numerical Recipes' probks). */
function kolmogorovQ(lambda: number): number {
  if (lambda < 1e-9) return 1;
  let sum = 0;
  let prev = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) <= 1e-10 * Math.abs(prev) || Math.abs(term) < 1e-12) return Math.min(1, Math.max(0, sum));
    prev = term;
  }
  return 1;
}

/** One day of a SKU (or of a category, summed) as the drift check reads it. */
export interface DayRow {
  /** YYYY-MM-DD. */
  day: string;
  units: number;
  revenue: number;
  returned: number;
}

export type DriftFeature = 'units' | 'price' | 'returns_rate' | 'weekday_mix';
export const DRIFT_FEATURES: readonly DriftFeature[] = ['units', 'price', 'returns_rate', 'weekday_mix'];

export interface DriftThresholds {
  /** KS p-value below which a continuous feature has drifted. */
  ksPValue: number;
  /** PSI above which the weekday mix has drifted. */
  weekdayPsi: number;
  /** Fewest recent days needed to test at all. */
  minRecentDays: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { ksPValue: 0.001, weekdayPsi: 0.2, minRecentDays: 7 };

export interface DriftFinding {
  feature: DriftFeature;
  /** 'ks' (statistic D, threshold on p) or 'psi'. */
  test: 'ks' | 'psi';
  /** KS D or PSI. */
  statistic: number;
  /** KS p-value; NaN for PSI. */
  pValue: number;
  /** PSI of the same feature (evidence for people used to PSI); NaN for weekday mix (same as statistic). */
  psi: number;
  threshold: number;
  drifted: boolean;
}

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

/**
 * Compares the recent days with the reference (training) window on every feature. Returns no
 * findings when there are fewer than `minRecentDays` recent days (nothing to judge yet).
 */
export function inputDrift(
  reference: readonly DayRow[],
  recent: readonly DayRow[],
  t: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS,
): DriftFinding[] {
  if (recent.length < t.minRecentDays || reference.length < t.minRecentDays) return [];
  const out: DriftFinding[] = [];
  const continuous = (feature: DriftFeature, f: (r: DayRow) => number | undefined) => {
    const a = reference.map(f).filter((v): v is number => v !== undefined);
    const b = recent.map(f).filter((v): v is number => v !== undefined);
    if (a.length < t.minRecentDays || b.length < t.minRecentDays) return;
    const k = ks(a, b);
    // identical constant samples: no evidence of change
    out.push({
      feature,
      test: 'ks',
      statistic: k.statistic,
      pValue: k.pValue,
      psi: psi(a, b),
      threshold: t.ksPValue,
      drifted: k.pValue < t.ksPValue,
    });
  };
  continuous('units', (r) => r.units);
  continuous('price', (r) => (r.units > 0 ? r.revenue / r.units : undefined));
  continuous('returns_rate', (r) => (r.units > 0 ? r.returned / r.units : undefined));
  const mix = (rows: readonly DayRow[]) => {
    const m = new Array(7).fill(0);
    for (const r of rows) m[weekday(r.day)] += r.units;
    return m;
  };
  const w = psiOfShares(mix(reference), mix(recent));
  if (Number.isFinite(w))
    out.push({
      feature: 'weekday_mix',
      test: 'psi',
      statistic: w,
      pValue: NaN,
      psi: w,
      threshold: t.weekdayPsi,
      drifted: w > t.weekdayPsi,
    });
  return out;
}
