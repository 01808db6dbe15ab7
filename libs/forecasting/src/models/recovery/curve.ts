import { nelderMead } from '../../core/stats';

/**
 * The saturating recovery curve r(τ) = r∞ − (r∞ − r0)·exp(−τ/T): the share of counterfactual demand
 * that comes back τ steps after a reopening. r0 is the ratio on the day the shop reopens, r∞ where it
 * settles (below 1: customers lost; above 1: catch-up), T the time constant (63 % of the way after T).
 */
export interface RecoveryCurve {
  r0: number;
  rInf: number;
  tau: number;
}

export function recoveryRatio(curve: RecoveryCurve, stepsSinceReopening: number): number {
  return curve.rInf - (curve.rInf - curve.r0) * Math.exp(-Math.max(0, stepsSinceReopening) / curve.tau);
}

/** Bounds of the fit: ratios in [0, 3] (a shop may overshoot, not by 3x), T from a quarter step up to `maxTau`. */
const RATIO_MAX = 3;
const TAU_MIN = 0.25;

/**
 * Least-squares fit of the curve to observed ratios (τ_i, r_i), inside bounds (Nelder–Mead with the
 * infeasible region at +∞, restarted from several time constants because T and r∞ trade off when the
 * curve has not flattened yet). `maxTau` caps T: a time constant much longer than the data has seen
 * cannot be told apart from a straight line, so it is bounded by what was observed (the caller passes
 * about twice the post-reopening span).
 */
export function fitRecoveryCurve(
  steps: readonly number[],
  ratios: readonly number[],
  maxTau: number,
): RecoveryCurve & { sse: number } {
  if (steps.length !== ratios.length)
    throw new Error(`fitRecoveryCurve: ${steps.length} steps but ${ratios.length} ratios`);
  const n = steps.length;
  if (n === 0) throw new Error('fitRecoveryCurve: no observations');
  const tauCap = Math.max(TAU_MIN * 2, maxTau);
  const sse = ([r0, rInf, tau]: number[]) => {
    if (!(r0 >= 0 && r0 <= RATIO_MAX && rInf >= 0 && rInf <= RATIO_MAX && tau >= TAU_MIN && tau <= tauCap))
      return Infinity;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const e = ratios[i] - (rInf - (rInf - r0) * Math.exp(-steps[i] / tau));
      s += e * e;
    }
    return s;
  };
  const head = ratios.slice(0, Math.max(1, Math.ceil(n / 10)));
  const tail = ratios.slice(-Math.max(1, Math.ceil(n / 5)));
  const clamp = (v: number) => Math.min(RATIO_MAX, Math.max(0, v));
  const r0Start = clamp(head.reduce((a, b) => a + b, 0) / head.length);
  const rInfStart = clamp(tail.reduce((a, b) => a + b, 0) / tail.length);
  const span = Math.max(1, steps[n - 1] - steps[0]);
  let best = { x: [r0Start, rInfStart, Math.min(tauCap, span / 3)], value: Infinity };
  for (const tau0 of [span / 10, span / 3, span].map((t) => Math.min(tauCap, Math.max(TAU_MIN * 2, t)))) {
    const start = [r0Start, Math.max(0.01, rInfStart), tau0];
    const r = nelderMead(sse, start, { step: [0.1, 0.1, tau0 / 2], maxEvaluations: 2000 });
    if (r.value < best.value) best = r;
  }
  const [r0, rInf, tau] = best.x;
  return { r0, rInf, tau, sse: best.value };
}

/**
 * What is believed about a recovery before its data are seen: it settles around `rInf` (sd `rInfSd`) with a
 * time constant around `tau` (sd `logTauSd` on the log scale).
 */
export interface RecoveryPrior {
  rInf: number;
  rInfSd: number;
  tau: number;
  logTauSd: number;
}

/**
 * Maximum a posteriori fit of the curve: least squares of the ratios in units of their noise sd, plus the
 * prior's penalties, ((r∞ − prior.r∞)/sd)² + ((ln T − ln prior.T)/sd)². With many observations it is the
 * least-squares fit; with one or two (right after the trough, before the reopening) the data pin r0 and one
 * combination of r∞ and T, and the prior settles the rest instead of an arbitrary optimiser corner.
 * `noiseSd` (> 0) is the sd of an observed ratio around the curve.
 */
export function fitRecoveryCurveWithPrior(
  steps: readonly number[],
  ratios: readonly number[],
  prior: RecoveryPrior,
  noiseSd: number,
): RecoveryCurve & { objective: number } {
  if (steps.length !== ratios.length)
    throw new Error(`fitRecoveryCurveWithPrior: ${steps.length} steps but ${ratios.length} ratios`);
  const n = steps.length;
  if (n === 0) throw new Error('fitRecoveryCurveWithPrior: no observations');
  if (!(noiseSd > 0)) throw new Error(`fitRecoveryCurveWithPrior: noiseSd must be > 0, got ${noiseSd}`);
  const logTauMin = Math.log(TAU_MIN);
  const logTauMax = Math.log(1e4);
  const objective = ([r0, rInf, logTau]: number[]) => {
    if (!(r0 >= 0 && r0 <= RATIO_MAX && rInf >= 0 && rInf <= RATIO_MAX)) return Infinity;
    if (!(logTau >= logTauMin && logTau <= logTauMax)) return Infinity;
    const tau = Math.exp(logTau);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const e = (ratios[i] - (rInf - (rInf - r0) * Math.exp(-steps[i] / tau))) / noiseSd;
      s += e * e;
    }
    const a = (rInf - prior.rInf) / prior.rInfSd;
    const b = (logTau - Math.log(prior.tau)) / prior.logTauSd;
    return s + a * a + b * b;
  };
  const clamp = (v: number) => Math.min(RATIO_MAX, Math.max(0, v));
  const r0Start = clamp(ratios[0]);
  const tail = ratios.slice(-Math.max(1, Math.ceil(n / 3)));
  const tailMean = tail.reduce((a, b) => a + b, 0) / tail.length;
  let best = { x: [r0Start, clamp(prior.rInf), Math.log(prior.tau)], value: Infinity };
  for (const rInf0 of [prior.rInf, tailMean].map(clamp))
    for (const logTau0 of [Math.log(prior.tau), 0, Math.log(Math.max(1, steps[n - 1] - steps[0]))]) {
      const start = [r0Start, rInf0, Math.min(logTauMax, Math.max(logTauMin, logTau0))];
      const r = nelderMead(objective, start, { step: [0.05, 0.1, 0.5], maxEvaluations: 1500 });
      if (r.value < best.value) best = r;
    }
  const [r0, rInf, logTau] = best.x;
  return { r0, rInf, tau: Math.exp(logTau), objective: best.value };
}
