import { linearFit, nelderMead, normalRandom, quantile, seededRandom, zForLevel } from '../../core/stats';
import { Forecast } from '../../core/types';
import { classicalDecomposition } from '../decomposition/classical';

/**
 * Exponential smoothing in the innovations state-space form (Hyndman, Koehler, Ord & Snyder 2008;
 * Hyndman & Athanasopoulos, FPP3 ch. 8), the models of R's `forecast::ets` without multiplicative trend:
 * error A|M × trend N|A|Ad × season N|A|M (additive error with multiplicative season excluded, as R
 * does by default, for numerical instability).
 *
 * Given the one-step error in the data's units, ε = y − ŷ, the state updates are the same for both error
 * types (the error type changes the likelihood and the forecast distribution only):
 *   ŷ = (ℓ + φb) + s      or (ℓ + φb)·s           (additive / multiplicative season; s = 0 / 1 without)
 *   ℓ ← ℓ + φb + α·ε/ŝ     b ← φb + β·ε/ŝ         ŝ = s for a multiplicative season, 1 otherwise
 *   s ← s + γ·ε            or s + γ·ε/(ℓ + φb)
 * Estimation, as R's `ets`: maximum likelihood by Nelder–Mead within the "usual" region
 * (1e-4 ≤ β ≤ α ≤ 0.9999, γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98), starting from R's `initstate` heuristic (classical
 * decomposition of the first three seasons for the seasonal states, a regression on the first
 * max(10, 2m) adjusted values for level and trend). A first simplex fits the smoothing parameters, ℓ0 and
 * b0 with the heuristic seasonal states; a second one restarts from there with the m − 1 free initial
 * seasonal states added (the m-th keeps them summing to 0, or to m when multiplicative). On M3 monthly,
 * freeing the seasonal states cut the automatic model's sMAPE by about half a point.
 */

export type EtsErrorType = 'A' | 'M';
export type EtsTrendType = 'N' | 'A' | 'Ad';
export type EtsSeasonType = 'N' | 'A' | 'M';

export interface EtsComponents {
  error: EtsErrorType;
  trend: EtsTrendType;
  season: EtsSeasonType;
}

/** A fitted ETS model, JSON-safe. */
export interface EtsFit {
  components: EtsComponents;
  /** Seasonal period used (1 without a seasonal component). */
  period: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** States after the last observation; `season[j]` applies to observations t ≡ j (mod period). */
  level: number;
  trend: number;
  season: number[];
  /** Number of observations fitted. */
  n: number;
  /** Innovation variance (relative errors for multiplicative error). */
  sigma2: number;
  aicc: number;
  /** Seed for simulated intervals (multiplicative error). */
  seed: number;
}

/** Short name as in R, e.g. "MAdM". */
export function etsName(c: EtsComponents): string {
  return `${c.error}${c.trend}${c.season}`;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  l0: number;
  b0: number;
  /** Initial seasonal states (length m; [0] without a season). */
  s0: number[];
}

const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_LOWER = 0.8;
const PHI_UPPER = 0.98;

interface RunResult {
  /** −2·log-likelihood up to a constant shared by every model of the same data. */
  lik: number;
  /** Σ of squared innovations (absolute for A error, relative for M). */
  sse: number;
  level: number;
  trend: number;
  season: number[];
}

/** Runs the filter over y; returns Infinity lik when a forecast leaves the model's domain. Hot loop. */
function run(y: readonly number[], c: EtsComponents, p: Params, m: number): RunResult {
  const phi = c.trend === 'Ad' ? p.phi : 1;
  const hasTrend = c.trend !== 'N';
  const addSeason = c.season === 'A';
  const multSeason = c.season === 'M';
  const multError = c.error === 'M';
  const { alpha, beta, gamma } = p;
  const season = p.s0.slice();
  let l = p.l0;
  let b = hasTrend ? p.b0 : 0;
  let sse = 0;
  let logSum = 0;
  let product = 1; // Π ŷ, folded into logSum before it over/underflows (one log per ~100 steps)
  if (!multError && !multSeason) {
    // The additive models (every model of a series with zeros): the same arithmetic without the checks.
    for (let t = 0, j = 0; t < y.length; t++, j = j + 1 === m ? 0 : j + 1) {
      const base = l + phi * b;
      const s = addSeason ? season[j] : 0;
      const eps = y[t] - (base + s);
      sse += eps * eps;
      l = base + alpha * eps;
      if (hasTrend) b = phi * b + beta * eps;
      if (addSeason) season[j] = s + gamma * eps;
    }
    const n = y.length;
    const lik = n * Math.log(Math.max(sse, 1e-300) / n);
    return { lik: Number.isFinite(lik) ? lik : Infinity, sse, level: l, trend: b, season };
  }
  for (let t = 0, j = 0; t < y.length; t++, j = j + 1 === m ? 0 : j + 1) {
    const base = l + phi * b;
    const s = addSeason || multSeason ? season[j] : 0;
    const yhat = multSeason ? base * s : base + s;
    if ((multError || multSeason) && !(yhat > 0 && base > 0))
      return { lik: Infinity, sse: Infinity, level: l, trend: b, season };
    const eps = y[t] - yhat;
    if (multError) {
      const r = eps / yhat;
      sse += r * r;
      product *= yhat;
      if (product > 1e200 || product < 1e-200) {
        logSum += Math.log(product);
        product = 1;
      }
    } else sse += eps * eps;
    if (multSeason) {
      l = base + (alpha * eps) / s;
      if (hasTrend) b = phi * b + (beta * eps) / s;
      season[j] = s + (gamma * eps) / base;
    } else {
      l = base + alpha * eps;
      if (hasTrend) b = phi * b + beta * eps;
      if (addSeason) season[j] = s + gamma * eps;
    }
  }
  logSum += Math.log(product);
  const n = y.length;
  const lik = n * Math.log(Math.max(sse, 1e-300) / n) + 2 * logSum;
  return { lik: Number.isFinite(lik) ? lik : Infinity, sse, level: l, trend: b, season };
}

/** Initial seasonal states and seasonally adjusted series (R's initstate); null when too short. */
function initialSeason(
  y: readonly number[],
  season: EtsSeasonType,
  m: number,
): { s: number[]; adjusted: number[] } | null {
  if (season === 'N') return { s: [0], adjusted: y.slice() };
  if (y.length < 2 * m) return null;
  const head = y.slice(0, Math.min(y.length, 3 * m));
  const d = classicalDecomposition(head, m, season === 'A' ? 'additive' : 'multiplicative');
  let s = d.figure.slice();
  if (season === 'M') {
    s = s.map((v) => Math.max(v, 1e-2));
    const total = s.reduce((a, v) => a + v, 0);
    s = s.map((v) => (v * m) / total);
  }
  const adjusted = y.map((v, t) => (season === 'A' ? v - s[t % m] : v / s[t % m]));
  return { s, adjusted };
}

/** Number of estimated parameters (smoothing, φ, initial states; seasonal initials count m − 1). */
function parameterCount(c: EtsComponents, m: number): number {
  let k = 2; // α, ℓ0
  if (c.trend !== 'N') k += 2; // β, b0
  if (c.trend === 'Ad') k += 1;
  if (c.season !== 'N') k += 1 + (m - 1); // γ, seasonal initials
  return k;
}

/**
 * Fits one ETS model to y (finite values only). Returns null when the data cannot carry it (too short
 * for the parameter count, non-positive values for a multiplicative component, no finite optimum).
 */
export function fitEts(
  y: readonly number[],
  components: EtsComponents,
  period: number,
  seed = 1,
): EtsFit | null {
  const m = components.season === 'N' ? 1 : period;
  const n = y.length;
  if (components.season !== 'N' && (m < 2 || m > MAX_ETS_PERIOD)) return null;
  if ((components.error === 'M' || components.season === 'M') && !y.every((v) => v > 0)) return null;
  const np = parameterCount(components, m);
  if (n < np + 3) return null; // the AICc needs n > k + 1 (k = np + 1)
  const init = initialSeason(y, components.season, m);
  if (!init) return null;

  const maxn = Math.min(Math.max(10, 2 * m), n);
  const hasTrend = components.trend !== 'N';
  let l0: number;
  let b0 = 0;
  if (hasTrend) {
    const fit = linearFit(
      Array.from({ length: maxn }, (_, i) => i + 1),
      init.adjusted.slice(0, maxn),
    );
    l0 = fit.intercept;
    b0 = fit.slope;
  } else {
    l0 = init.adjusted.slice(0, maxn).reduce((a, v) => a + v, 0) / maxn;
  }

  const damped = components.trend === 'Ad';
  const seasonal = components.season !== 'N';
  // Start values as R's initparam: small α, β and γ well inside their ranges, φ near its upper bound;
  // initial simplex steps point into the feasible region.
  const alpha0 = LOWER + (0.2 * (UPPER - LOWER)) / m;
  const x0: number[] = [];
  const steps: number[] = [];
  const add = (value: number, step: number) => {
    x0.push(value);
    steps.push(step);
  };
  add(alpha0, 0.1);
  if (hasTrend) add(LOWER + 0.1 * (alpha0 - LOWER), 0.01);
  if (seasonal) add(LOWER + 0.05 * (1 - alpha0 - LOWER), 0.05);
  if (damped) add(0.97, -0.1);
  const scale = Math.abs(l0) + 1e-3;
  add(l0, 0.05 * scale);
  if (hasTrend) add(b0, Math.max(0.1 * Math.abs(b0), 0.005 * scale));

  const unpack = (x: number[], withSeason: boolean): Params => {
    let i = 0;
    const alpha = x[i++];
    const beta = hasTrend ? x[i++] : 0;
    const gamma = seasonal ? x[i++] : 0;
    const phi = damped ? x[i++] : 1;
    const l = x[i++];
    const b = hasTrend ? x[i++] : 0;
    let s0 = init.s;
    if (withSeason) {
      // m − 1 free states; the last keeps them summing to 0 (additive) or m (multiplicative), as in R.
      s0 = x.slice(i, i + m - 1);
      const total = s0.reduce((a, v) => a + v, 0);
      s0.push(components.season === 'A' ? -total : m - total);
    }
    return { alpha, beta, gamma, phi, l0: l, b0: b, s0 };
  };
  const feasible = (p: Params) =>
    p.alpha >= LOWER &&
    p.alpha <= UPPER &&
    (!hasTrend || (p.beta >= LOWER && p.beta <= p.alpha)) &&
    (!seasonal || (p.gamma >= LOWER && p.gamma <= 1 - p.alpha)) &&
    (!damped || (p.phi >= PHI_LOWER && p.phi <= PHI_UPPER)) &&
    (components.season !== 'M' || p.s0.every((v) => v > 1e-3));
  const objective = (withSeason: boolean) => (x: number[]) => {
    const p = unpack(x, withSeason);
    return feasible(p) ? run(y, components, p, m).lik : Infinity;
  };
  const tolerance = 1e-8;
  let best = nelderMead(objective(false), x0, {
    step: steps,
    maxEvaluations: 200 * x0.length + 400,
    tolerance,
  });
  // A restart from the optimum (Nelder–Mead often stalls on its first simplex), with the m − 1 free
  // initial seasonal states added when the model has them.
  const freeSeason = seasonal ? init.s.slice(0, m - 1) : [];
  const seasonStep = components.season === 'A' ? 0.05 * scale : 0.05;
  const x1 = [...best.x, ...freeSeason];
  const steps1 = [...steps.map((v) => v / 2), ...freeSeason.map(() => seasonStep)];
  best = nelderMead(objective(seasonal), x1, {
    step: steps1,
    maxEvaluations: 100 * x1.length + 200,
    tolerance,
  });
  if (!Number.isFinite(best.value)) return null;

  const p = unpack(best.x, seasonal);
  const r = run(y, components, p, m);
  const k = np + 1; // + σ²
  const lik = r.lik + n * (1 + Math.log(2 * Math.PI));
  const aic = lik + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
  return {
    components,
    period: m,
    alpha: p.alpha,
    beta: p.beta,
    gamma: p.gamma,
    phi: p.phi,
    level: r.level,
    trend: r.trend,
    season: r.season,
    n,
    sigma2: r.sse / Math.max(1, n - np),
    aicc,
    seed,
  };
}

/** The point forecast path (the state recursion with zero future errors). */
export function etsPointForecast(fit: EtsFit, horizon: number): number[] {
  const phi = fit.components.trend === 'Ad' ? fit.phi : 1;
  const out: number[] = [];
  let phiSum = 0;
  for (let k = 1; k <= horizon; k++) {
    phiSum += fit.components.trend === 'N' ? 0 : phi ** k;
    const base = fit.level + phiSum * fit.trend;
    const s = fit.components.season === 'N' ? 0 : fit.season[(fit.n + k - 1) % fit.period];
    out.push(fit.components.season === 'M' ? base * s : base + s);
  }
  return out;
}

/**
 * Forecast standard deviations of an additive-error model (class 1 of Hyndman et al. 2008, Table 6.1):
 * v_h = σ²(1 + Σ_{j<h} c_j²), c_j = α + β·(φ + … + φ^j) + γ·[j ≡ 0 mod m].
 */
function additiveErrorSd(fit: EtsFit, horizon: number): number[] {
  const phi = fit.components.trend === 'Ad' ? fit.phi : 1;
  const out: number[] = [];
  let acc = 0;
  let phiSum = 0;
  for (let h = 1; h <= horizon; h++) {
    out.push(Math.sqrt(fit.sigma2 * (1 + acc)));
    phiSum += phi ** h;
    const c =
      fit.alpha +
      (fit.components.trend === 'N' ? 0 : fit.beta * phiSum) +
      (fit.components.season !== 'N' && h % fit.period === 0 ? fit.gamma : 0);
    acc += c * c;
  }
  return out;
}

const SIMULATED_PATHS = 1000;

/**
 * Quantile intervals of a multiplicative-error model by simulating sample paths with the fitted
 * relative error variance (seeded: the same fit gives the same intervals).
 */
function simulatedIntervals(fit: EtsFit, horizon: number, levels: readonly number[]): Forecast['intervals'] {
  const draw = normalRandom(seededRandom(fit.seed));
  const sigma = Math.sqrt(fit.sigma2);
  const phi = fit.components.trend === 'Ad' ? fit.phi : 1;
  const paths: number[][] = Array.from({ length: horizon }, () => new Array<number>(SIMULATED_PATHS));
  for (let p = 0; p < SIMULATED_PATHS; p++) {
    let l = fit.level;
    let b = fit.trend;
    const season = fit.season.slice();
    for (let k = 0; k < horizon; k++) {
      const j = (fit.n + k) % fit.period;
      const base = l + phi * b;
      const s = fit.components.season === 'N' ? 0 : season[j];
      const yhat = fit.components.season === 'M' ? base * s : base + s;
      const eps = yhat * sigma * draw();
      paths[k][p] = yhat + eps;
      const scale = fit.components.season === 'M' ? s : 1;
      l = base + (fit.alpha * eps) / scale;
      if (fit.components.trend !== 'N') b = phi * b + (fit.beta * eps) / scale;
      if (fit.components.season === 'A') season[j] = s + fit.gamma * eps;
      else if (fit.components.season === 'M') season[j] = s + (fit.gamma * eps) / base;
    }
  }
  const out: Forecast['intervals'] = {};
  for (const level of levels) {
    zForLevel(level); // validates the level
    const lo = (1 - level / 100) / 2;
    out[level] = { lower: paths.map((v) => quantile(v, lo)), upper: paths.map((v) => quantile(v, 1 - lo)) };
  }
  return out;
}

/** Forecast of a fitted ETS model: point path, and analytic (A error) or simulated (M error) intervals. */
export function etsForecast(
  fit: EtsFit,
  horizon: number,
):
  | { mean: number[]; sd: number[] }
  | { mean: number[]; intervals: (levels: readonly number[]) => Forecast['intervals'] } {
  const mean = etsPointForecast(fit, horizon);
  if (fit.components.error === 'A') return { mean, sd: additiveErrorSd(fit, horizon) };
  return { mean, intervals: (levels) => simulatedIntervals(fit, horizon, levels) };
}

/** The largest period the seasonal ETS models take (R's ets refuses seasonality above 24 too). */
export const MAX_ETS_PERIOD = 24;

/** The candidate set of the automatic ETS: every supported model the data allows. */
export function etsCandidates(y: readonly number[], period: number, allowSeasonal = true): EtsComponents[] {
  const positive = y.every((v) => v > 0);
  const seasonal = allowSeasonal && period > 1 && period <= MAX_ETS_PERIOD && y.length >= 2 * period;
  const out: EtsComponents[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const))
    for (const trend of ['N', 'A', 'Ad'] as const)
      for (const season of ['N', ...(seasonal ? [error === 'A' ? 'A' : 'M'] : [])] as EtsSeasonType[])
        out.push({ error, trend, season });
  return out;
}

/** Fits every candidate and keeps the lowest AICc (null when none fits). */
export function autoEts(y: readonly number[], period: number, seed = 1, allowSeasonal = true): EtsFit | null {
  return rankEts(y, etsCandidates(y, period, allowSeasonal), period, seed)[0] ?? null;
}

/** Fits each of `candidates` to y; the fits with a finite AICc, lowest first (ties keep the candidates' order). */
export function rankEts(
  y: readonly number[],
  candidates: readonly EtsComponents[],
  period: number,
  seed = 1,
): EtsFit[] {
  const fits: EtsFit[] = [];
  for (const c of candidates) {
    const fit = fitEts(y, c, period, seed);
    if (fit && Number.isFinite(fit.aicc)) fits.push(fit);
  }
  return fits.sort((a, b) => a.aicc - b.aicc);
}
