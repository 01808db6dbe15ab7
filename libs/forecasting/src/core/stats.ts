/**
 * Small numeric helpers shared by the models, metrics and ensemble: summaries that ignore NaN, the
 * normal distribution, autocorrelation, least squares on a time index, a seeded RNG and a Nelder–Mead
 * minimiser. Dependency-free on purpose: each is a few lines, and the models call them in hot loops
 * (1,428 M3 series × several origins), where a generic matrix library would cost more than it saves.
 */

/** The finite values of `xs`, in order (NaN, ±Infinity dropped). */
export function finiteValues(xs: readonly number[]): number[] {
  return xs.filter((x) => Number.isFinite(x));
}

/** Sum of the finite values (0 for none). */
export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) if (Number.isFinite(x)) s += x;
  return s;
}

/** Mean of the finite values; NaN when there are none. */
export function mean(xs: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (const x of xs)
    if (Number.isFinite(x)) {
      s += x;
      n++;
    }
  return n === 0 ? NaN : s / n;
}

/** Sample variance (denominator n − 1) of the finite values; NaN for fewer than two. */
export function variance(xs: readonly number[]): number {
  const v = finiteValues(xs);
  if (v.length < 2) return NaN;
  const m = mean(v);
  let ss = 0;
  for (const x of v) ss += (x - m) * (x - m);
  return ss / (v.length - 1);
}

/** Sample standard deviation of the finite values; NaN for fewer than two. */
export function standardDeviation(xs: readonly number[]): number {
  return Math.sqrt(variance(xs));
}

/**
 * Quantile `p` ∈ [0, 1] of the finite values, linear interpolation between order statistics
 * (R's default `type = 7`, numpy's default). NaN when there are no finite values.
 */
export function quantile(xs: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  const v = finiteValues(xs).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** Median of the finite values (NaN for none). */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Standard normal cumulative distribution function (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Standard normal quantile Φ⁻¹(p), Wichura's AS 241 (PPND16, relative error ~1e-16), the algorithm
 * behind R's `qnorm`. Returns ±Infinity at p = 0 / 1 and throws outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

/** Days of history countDispersion measures on by default (a year: every season of the noise). */
export const DISPERSION_DAYS = 364;

/**
 * How much noisier than a Poisson count a daily series' clean days of the last `days` are (at least 1):
 * Σ (y_t − y_{t−7})² / Σ (y_t + y_{t−7}) over pairs of clean days a week apart, which is about 1 for counts
 * (the difference of two counts has the variance of their sum) and leaves out the weekday pattern and a slow
 * change of level, which a plain variance / mean would count as noise. Daily units are counts of orders times
 * their sizes: a SKU bought by the dozen has a dispersion near the mean order size. 1 when fewer than 28 pairs.
 * `units / dispersion` is what a sum of units is worth in Poisson units: its relative sd is about
 * 1 / √(units / dispersion).
 */
export function countDispersion(
  y: readonly number[],
  clean: (i: number) => boolean,
  days = DISPERSION_DAYS,
): number {
  const lag = 7;
  let pairs = 0;
  let squares = 0;
  let total = 0;
  for (let i = y.length - 1; i >= lag && i >= y.length - days; i--)
    if (clean(i) && clean(i - lag)) {
      pairs++;
      squares += (y[i] - y[i - lag]) ** 2;
      total += y[i] + y[i - lag];
    }
  return pairs < 28 || !(total > 0) ? 1 : Math.max(1, squares / total);
}

/**
 * Empirical-Bayes pull: how far an estimate may move from its prior, max(0, 1 − se²/d²) of the distance d
 * between them (0 when it sits on the prior), se² the estimate's own variance.
 */
export function ebPull(distance: number, se2: number): number {
  return distance !== 0 ? Math.max(0, 1 - se2 / (distance * distance)) : 0;
}

/** A log-scale estimate and its variance. */
export interface LogEstimate {
  log: number;
  se2: number;
}

/** Variance of a log factor seen in one year only: no evidence that the season repeats, a floor of ±22 %. */
export const SINGLE_YEAR_SE2 = 0.05;

/**
 * A series' log factor shrunk toward its group's: the group's, itself shrunk toward 0 (a factor of 1) by its
 * noise, is the prior; the series' own pulls away from it by ebPull. Either may be unknown (0 when both are).
 * With the variance of the result (normal–normal empirical Bayes): the pulled share b of an estimate keeps
 * b·se² of its variance and the prior's share (1 − b)² of the prior's; the group's factor, pulled by b_g toward
 * 1, keeps b_g·se_g². Without a group the prior, a factor of 1, is known to SINGLE_YEAR_SE2.
 */
export function shrunkTowardGroup(own: LogEstimate | undefined, group: LogEstimate | undefined): LogEstimate {
  const groupPull = group ? ebPull(group.log, group.se2) : 0;
  const prior = group ? groupPull * group.log : 0;
  const priorSe2 = group ? groupPull * group.se2 : SINGLE_YEAR_SE2;
  if (!own) return { log: prior, se2: priorSe2 };
  const pull = ebPull(own.log - prior, own.se2);
  return { log: prior + pull * (own.log - prior), se2: pull * own.se2 + (1 - pull) ** 2 * priorSe2 };
}

/** The log factor of shrunkTowardGroup alone. */
export function shrinkTowardGroup(own: LogEstimate | undefined, group: LogEstimate | undefined): number {
  return shrunkTowardGroup(own, group).log;
}

/** The z multiplier of a central interval with nominal coverage `level` percent (80 -> 1.2816). */
export function zForLevel(level: number): number {
  if (!(level > 0 && level < 100)) throw new RangeError(`interval level must be in (0, 100), got ${level}`);
  return normalQuantile(0.5 + level / 200);
}

/**
 * Sample autocorrelations r_1..r_maxLag of the finite-valued series `y`, with the standard estimator
 * (mean-centred, divided by the lag-0 sum over all n), as R's `acf` and the M4 benchmark code compute it.
 * r_k is 0 for a constant series.
 */
export function acf(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  const m = mean(y);
  let denom = 0;
  for (const v of y) denom += (v - m) * (v - m);
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let i = k; i < n; i++) s += (y[i] - m) * (y[i - k] - m);
    out.push(denom > 0 ? s / denom : 0);
  }
  return out;
}

/** Ordinary least squares of y on x: y ≈ intercept + slope·x (NaN pairs skipped). */
export function linearFit(x: readonly number[], y: readonly number[]): { intercept: number; slope: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
      sx += x[i];
      sy += y[i];
    }
  if (n === 0) return { intercept: NaN, slope: NaN };
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: my - slope * mx, slope };
}

/** Linear fit of y on its index 0..n−1 (the time trend). */
export function linearTrend(y: readonly number[]): { intercept: number; slope: number } {
  return linearFit(
    y.map((_, i) => i),
    y,
  );
}

/**
 * A seed of its own for one piece of seeded work: `seed` mixed with the piece's `key` (FNV-1a), so that the
 * piece draws the same numbers whichever other pieces run, in whatever order or thread.
 */
export function mixSeed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A seeded uniform RNG on [0, 1) (mulberry32): same seed, same stream, on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform RNG (Box–Muller). */
export function normalRandom(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export interface NelderMeadOptions {
  /** Maximum objective evaluations (default 200·dimension, at least 500). */
  maxEvaluations?: number;
  /** Stop when the simplex's objective values span less than this (relative to |best| + tolerance). */
  tolerance?: number;
  /** Initial step per coordinate (default 10 % of |x0_i|, or 0.05 where x0_i = 0). */
  step?: number[];
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

/**
 * Minimises `f` from `x0` with the Nelder–Mead simplex (coefficients 1, 2, 0.5, 0.5 and the stopping
 * rule of R's `optim` default). Constraints are the caller's business: return Infinity (or a large
 * penalty) outside the feasible region, as R's `ets` does. Deterministic.
 * Written for hot loops (thousands of small fits): no allocation per iteration, so `f` must not keep
 * the array it is given (it is reused).
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = x0.length;
  const maxEvaluations = options.maxEvaluations ?? Math.max(500, 200 * d);
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  if (d === 0) return { x: [], value: evaluate([]), evaluations };

  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < d; i++) {
    const p = x0.slice();
    p[i] += options.step?.[i] ?? (x0[i] !== 0 ? 0.1 * Math.abs(x0[i]) : 0.05);
    simplex.push(p);
  }
  const values = simplex.map((p) => evaluate(p));
  const total = new Array<number>(d).fill(0); // Σ of all vertices, for the centroid
  const resum = () => {
    total.fill(0);
    for (const p of simplex) for (let j = 0; j < d; j++) total[j] += p[j];
  };
  resum();
  const trial = new Array<number>(d).fill(0);
  const trial2 = new Array<number>(d).fill(0);
  /** out = c + t·(worst − c), c = centroid of all vertices but the worst. */
  const towards = (out: number[], worst: number[], t: number) => {
    for (let j = 0; j < d; j++) {
      const c = (total[j] - worst[j]) / d;
      out[j] = c + t * (worst[j] - c);
    }
  };
  const replace = (i: number, x: number[], v: number) => {
    const p = simplex[i];
    for (let j = 0; j < d; j++) {
      total[j] += x[j] - p[j];
      p[j] = x[j];
    }
    values[i] = v;
  };

  while (evaluations < maxEvaluations) {
    let lo = 0;
    let hi = 0;
    for (let i = 1; i <= d; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (hi === lo) hi = lo === 0 ? 1 : 0;
    let next = lo; // second worst
    for (let i = 0; i <= d; i++) if (i !== hi && values[i] >= values[next]) next = i;
    if (values[hi] - values[lo] <= tolerance * (Math.abs(values[lo]) + tolerance)) break;

    const worst = simplex[hi];
    towards(trial, worst, -1);
    const fr = evaluate(trial);
    if (fr < values[lo]) {
      towards(trial2, worst, -2);
      const fe = evaluate(trial2);
      if (fe < fr) replace(hi, trial2, fe);
      else replace(hi, trial, fr);
      continue;
    }
    if (fr < values[next]) {
      replace(hi, trial, fr);
      continue;
    }
    // Contract: outside if the reflection improved on the worst point, inside otherwise.
    const outside = fr < values[hi];
    towards(trial2, worst, outside ? -0.5 : 0.5);
    const fc = evaluate(trial2);
    if (fc < (outside ? fr : values[hi])) {
      replace(hi, trial2, fc);
      continue;
    }
    // Shrink towards the best vertex.
    const best = simplex[lo];
    for (let i = 0; i <= d; i++) {
      if (i === lo) continue;
      for (let j = 0; j < d; j++) simplex[i][j] = best[j] + 0.5 * (simplex[i][j] - best[j]);
      values[i] = evaluate(simplex[i]);
    }
    resum();
  }
  let lo = 0;
  for (let i = 1; i <= d; i++) if (values[i] < values[lo]) lo = i;
  return { x: simplex[lo].slice(), value: values[lo], evaluations };
}
