/**
 * STL: Seasonal-Trend decomposition by Loess (Cleveland, Cleveland, McRae & Terpenning 1990), ported
 * from the reference Fortran (netlib `stl`, the code behind R's `stats::stl`): the inner loop alternates
 * cycle-subseries smoothing, a low-pass filter and trend smoothing; the optional outer loop computes
 * bisquare robustness weights from the remainder. One deliberate simplification: every loess fit is
 * computed exactly at every point (the Fortran's "jump" speed-up, which interpolates between every
 * ⌈window/10⌉-th point, is not used), so results differ from R's defaults only by that interpolation.
 */

export interface StlOptions {
  /** Loess window of the cycle-subseries (odd, ≥ 3), or 'periodic' for a fixed seasonal pattern. Default 13. */
  seasonalWindow?: number | 'periodic';
  /** Degree (0 or 1) of the seasonal loess. Default 0, as R. */
  seasonalDegree?: 0 | 1;
  /** Trend loess window (odd). Default: the next odd of ⌈1.5·period / (1 − 1.5/seasonalWindow)⌉, as R. */
  trendWindow?: number;
  trendDegree?: 0 | 1;
  /** Low-pass loess window (odd). Default: next odd ≥ period. */
  lowPassWindow?: number;
  lowPassDegree?: 0 | 1;
  /** Robust fitting (outer loop with bisquare weights). Default false. */
  robust?: boolean;
  /** Inner iterations; default 2 (1 when robust), as R. */
  inner?: number;
  /** Outer (robustness) iterations; default 0 (15 when robust), as R. */
  outer?: number;
}

export interface StlResult {
  period: number;
  seasonal: number[];
  trend: number[];
  remainder: number[];
  /** Final robustness weights (all 1 without the outer loop). */
  weights: number[];
}

/**
 * The reference code's thresholds are single-precision literals (.999, .001), and its powers are
 * products; both are kept so that results match R's stl to the last digits (robust fits run 15
 * reweighting passes, where a one-ulp difference can flip a weight).
 */
const F999 = Math.fround(0.999);
const F001 = Math.fround(0.001);

const nextOdd = (x: number) => {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
};

/** Decomposes y (finite values) = seasonal + trend + remainder with STL. Needs ≥ 2 full periods. */
export function stl(y: readonly number[], period: number, options: StlOptions = {}): StlResult {
  const n = y.length;
  if (!Number.isInteger(period) || period < 2)
    throw new RangeError(`stl: period must be an integer ≥ 2, got ${period}`);
  if (n < 2 * period)
    throw new RangeError(`stl: needs at least two periods (${2 * period} points), got ${n}`);
  if (!y.every(Number.isFinite)) throw new RangeError('stl: the series has missing values (repair it first)');

  const periodic = options.seasonalWindow === 'periodic';
  const sWindowRaw = periodic ? 10 * n + 1 : ((options.seasonalWindow as number | undefined) ?? 13);
  const sDegree = periodic ? 0 : (options.seasonalDegree ?? 0);
  const tDegree = options.trendDegree ?? 1;
  const tWindowRaw = options.trendWindow ?? nextOdd(Math.ceil((1.5 * period) / (1 - 1.5 / sWindowRaw)));
  const lWindowRaw = options.lowPassWindow ?? nextOdd(period);
  const lDegree = options.lowPassDegree ?? tDegree;
  const robust = options.robust ?? false;
  const inner = options.inner ?? (robust ? 1 : 2);
  const outer = options.outer ?? (robust ? 15 : 0);
  const odd3 = (w: number) => {
    const v = Math.max(3, Math.floor(w));
    return v % 2 === 0 ? v + 1 : v;
  };
  const ns = odd3(sWindowRaw);
  const nt = odd3(tWindowRaw);
  const nl = odd3(lWindowRaw);

  const trend = new Array<number>(n).fill(0);
  const season = new Array<number>(n).fill(0);
  const rw = new Array<number>(n).fill(1);
  let useWeights = false;
  for (let k = 0; ; k++) {
    innerLoop(y, period, ns, nt, nl, sDegree, tDegree, lDegree, inner, useWeights, rw, season, trend);
    if (k >= outer) break;
    robustnessWeights(
      y,
      y.map((_, i) => trend[i] + season[i]),
      rw,
    );
    useWeights = true;
  }
  if (outer <= 0) rw.fill(1);

  if (periodic) {
    // R's stl: a periodic seasonal is replaced by its cycle-subseries means.
    const means = new Array<number>(period).fill(0);
    const counts = new Array<number>(period).fill(0);
    season.forEach((v, i) => {
      means[i % period] += v;
      counts[i % period]++;
    });
    for (let i = 0; i < n; i++) season[i] = means[i % period] / counts[i % period];
  }
  return {
    period,
    seasonal: season,
    trend,
    remainder: y.map((v, i) => v - season[i] - trend[i]),
    weights: rw,
  };
}

/** stlstp: `inner` passes of seasonal smoothing, low-pass removal and trend smoothing (updates season, trend). */
function innerLoop(
  y: readonly number[],
  np: number,
  ns: number,
  nt: number,
  nl: number,
  isdeg: number,
  itdeg: number,
  ildeg: number,
  ni: number,
  userw: boolean,
  rw: readonly number[],
  season: number[],
  trend: number[],
): void {
  const n = y.length;
  for (let iter = 0; iter < ni; iter++) {
    const detrended = y.map((v, i) => v - trend[i]);
    const cycle = cycleSubseriesSmooth(detrended, np, ns, isdeg, userw, rw); // length n + 2np
    const lowPass = loessSmooth(
      movingAverage(movingAverage(movingAverage(cycle, np), np), 3),
      nl,
      ildeg,
      false,
      rw,
    );
    for (let i = 0; i < n; i++) season[i] = cycle[np + i] - lowPass[i];
    const deseasoned = y.map((v, i) => v - season[i]);
    const t = loessSmooth(deseasoned, nt, itdeg, userw, rw);
    for (let i = 0; i < n; i++) trend[i] = t[i];
  }
}

/**
 * stlest: loess estimate at position xs (1-based, may lie outside 1..n) from y[nleft..nright] (1-based),
 * window `len`, tricube × robustness weights. Returns NaN when all weights vanish.
 */
function loessAt(
  y: readonly number[],
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  userw: boolean,
  rw: readonly number[],
): number {
  const n = y.length;
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.floor((len - n) / 2);
  const h9 = F999 * h;
  const h1 = F001 * h;
  const w = new Array<number>(nright - nleft + 1).fill(0);
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    const r = Math.abs(j - xs);
    if (r <= h9) {
      const u = r / h;
      const v = 1 - u * u * u;
      let wj = r <= h1 ? 1 : v * v * v;
      if (userw) wj *= rw[j - 1];
      w[j - nleft] = wj;
      a += wj;
    }
  }
  if (a <= 0) return NaN;
  for (let k = 0; k < w.length; k++) w[k] /= a;
  if (h > 0 && degree > 0) {
    let centre = 0;
    for (let j = nleft; j <= nright; j++) centre += w[j - nleft] * j;
    let b = xs - centre;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - nleft] * (j - centre) * (j - centre);
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - nleft] *= b * (j - centre) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - nleft] * y[j - 1];
  return ys;
}

/** stless without jumps: loess with window `len` at every point; a failed fit keeps the observation. */
function loessSmooth(
  y: readonly number[],
  len: number,
  degree: number,
  userw: boolean,
  rw: readonly number[],
): number[] {
  const n = y.length;
  if (n < 2) return y.slice();
  const out = new Array<number>(n);
  let nleft = 1;
  let nright = Math.min(len, n);
  const nsh = Math.floor((len + 1) / 2);
  for (let i = 1; i <= n; i++) {
    if (len < n && i > nsh && nright !== n) {
      nleft++;
      nright++;
    }
    const v = loessAt(y, len, degree, i, nleft, nright, userw, rw);
    out[i - 1] = Number.isNaN(v) ? y[i - 1] : v;
  }
  return out;
}

/**
 * stlss: smooths each cycle-subseries (every np-th value) with loess, extended by one value at each end;
 * returns the smoothed seasonal of length n + 2·np (one extra period before and after).
 */
function cycleSubseriesSmooth(
  y: readonly number[],
  np: number,
  ns: number,
  degree: number,
  userw: boolean,
  rw: readonly number[],
): number[] {
  const n = y.length;
  const out = new Array<number>(n + 2 * np).fill(0);
  for (let j = 0; j < np; j++) {
    const k = Math.floor((n - 1 - j) / np) + 1;
    const sub: number[] = [];
    const subW: number[] = [];
    for (let i = 0; i < k; i++) {
      sub.push(y[i * np + j]);
      subW.push(rw[i * np + j]);
    }
    const smooth = loessSmooth(sub, ns, degree, userw, subW);
    const first = loessAt(sub, ns, degree, 0, 1, Math.min(ns, k), userw, subW);
    const last = loessAt(sub, ns, degree, k + 1, Math.max(1, k - ns + 1), k, userw, subW);
    const extended = [
      Number.isNaN(first) ? smooth[0] : first,
      ...smooth,
      Number.isNaN(last) ? smooth[k - 1] : last,
    ];
    for (let m = 0; m < k + 2; m++) out[m * np + j] = extended[m];
  }
  return out;
}

/** Moving average of length len (output shorter by len − 1). */
function movingAverage(x: readonly number[], len: number): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < len; i++) s += x[i];
  out.push(s / len);
  for (let i = len; i < x.length; i++) {
    s = s - x[i - len] + x[i];
    out.push(s / len);
  }
  return out;
}

/** stlrwt: bisquare weights of the remainder scaled by 6 × its median absolute value. */
function robustnessWeights(y: readonly number[], fit: readonly number[], rw: number[]): void {
  const n = y.length;
  const r = y.map((v, i) => Math.abs(v - fit[i]));
  const sorted = r.slice().sort((a, b) => a - b);
  const mid1 = Math.floor(n / 2); // Fortran mid(1) = n/2 + 1, 1-based
  const mid2 = n - mid1 - 1; // mid(2) = n − mid(1) + 1
  const cmad = 3 * (sorted[mid1] + sorted[mid2]);
  const c9 = F999 * cmad;
  const c1 = F001 * cmad;
  for (let i = 0; i < n; i++) {
    const u = r[i] / cmad;
    rw[i] = r[i] <= c1 ? 1 : r[i] <= c9 ? (1 - u * u) * (1 - u * u) : 0;
  }
}
