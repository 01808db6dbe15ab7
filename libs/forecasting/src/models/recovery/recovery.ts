import { disruptionMask } from '../../core/events';
import { defineModel, readModelJson } from '../../core/model-support';
import { repairSeries } from '../../core/repair';
import { mean } from '../../core/stats';
import { Capabilities, ModelFitError, SerializedModel } from '../../core/types';
import { etsCandidates, EtsFit, etsPointForecast, fitEts } from '../ets/ets-core';
import { fitRecoveryCurveWithPrior, RecoveryCurve, recoveryRatio } from './curve';

/**
 * The recovery-pattern model (`recovery`): forecast = counterfactual(t) × r(t − trough).
 *
 *  1. Counterfactual: what the shop would have sold without the shutdown. An ETS model (the statistical
 *     helper's ets-core) fitted on the observations BEFORE the last shutdown only (earlier disruptions
 *     repaired), chosen by AICc among models without an undamped trend (a linear trend projected a year
 *     through a shutdown and beyond would dominate everything else), projected from the shutdown's
 *     start through the window, the recovery and the forecast horizon. The shutdown never enters the fit,
 *     so it cannot be learned as seasonality.
 *  2. Ratios actual / counterfactual on every observation since the shutdown began: the model reads the
 *     window's own observations (`readsDisruptions`), because they carry evidence the other members must
 *     not learn from but a recovery model needs: how deep the trough was and how far trade had come back
 *     by the window's last observation.
 *  3. A saturating curve r(τ) = r∞ − (r∞ − r0)·exp(−τ/T), fitted by maximum a posteriori (curve.ts) with a
 *     weak prior: r∞ ≈ 1 (sd 0.25: trade comes back to about its counterfactual) and T ≈ the window's length
 *     (log-sd 1: a recovery takes about as long as the closure did). The ratios' noise sd is the
 *     counterfactual's own relative innovation sd, so the data outweigh the prior as soon as they say
 *     anything.
 *     - After the reopening: τ = steps since the reopening, fitted on the post-reopening ratios.
 *     - At the reopening origin (the window ends where the history ends, nothing observed after it yet):
 *       τ = steps since the trough (the latest lowest ratio inside the window), fitted on the ratios from
 *       the trough to the window's end. The trough fixes r0 and the rebound since it the speed; a full
 *       closure (zeros to the end) leaves the prior to say how fast trade comes back.
 *  4. Forecast = counterfactual × r(τ) at each future step.
 *
 * Without a disruption the model throws ModelFitError instead of degrading to the counterfactual: the
 * counterfactual alone is an ETS forecast, which the statistical members already provide, and giving it
 * recovery weight in the ensemble would count ETS twice. A shutdown window that reaches the end of the
 * history is read as "reopening at the forecast origin" (the business declared when it ends).
 *
 * Intervals: normal, relative sd² = noise² + (r(τ_k) − r(τ_last))²: the ratio noise plus the distance the
 * curve moves away from where the last observation left it (the part of the forecast that is extrapolated
 * recovery, not observed level). `recoveryAdjustment` exposes both for the ensemble.
 */

export interface RecoveryParams {
  counterfactual: EtsFit;
  /** First index of the last shutdown: the counterfactual's step 1. */
  shutdownStart: number;
  /** First index open again after it (may be n: reopening at the forecast origin). */
  reopening: number;
  /** Where the curve's τ = 0: the reopening, or at the reopening origin the trough inside the window. */
  trough: number;
  /** Observations fitted (the forecast starts at index n). */
  n: number;
  curve: RecoveryCurve;
  /** Relative sd of an observed ratio around the curve (at least the counterfactual's innovation sd). */
  residualSd: number;
  /** The curve at the last observed ratio (where the forecast starts from). */
  lastRatio: number;
  /** Ratios the curve was fitted on (from the trough on). */
  postObservations: number;
  nonNegative: boolean;
}

/** The counterfactual is fitted on at most this many observations before the shutdown (speed; old history adds little). */
const MAX_PRE = 1000;
/** Prior sd of the settling level r∞ around 1, and of ln T around ln(window length). */
const PRIOR_R_INF_SD = 0.25;
const PRIOR_LOG_TAU_SD = 1;
/** Bounds of the ratio noise sd (relative), so that a near-perfect counterfactual fit cannot freeze the curve. */
const NOISE_MIN = 0.01;
const NOISE_MAX = 0.5;

const capabilities: Capabilities = {
  needsSeasonality: false,
  usesExogenous: false,
  minHistory: 8,
  handlesMissing: true,
  readsDisruptions: true,
  nativeIntervals: true,
};

const NAME = 'recovery';

/**
 * The last counterfactuals fitted in this thread, by their input. The ensemble fits the recovery member at each
 * backtest origin and on the full history; once the shutdown lies before the first origin, every one of those
 * fits sees the same observations before it, so the (costly: up to 1000 observations × several ETS
 * candidates) counterfactual is fitted once per series and reused, exactly.
 */
const counterfactualCache: Array<{ pre: number[]; period: number; fit: EtsFit }> = [];
const COUNTERFACTUAL_CACHE_SIZE = 4;

function fitCounterfactual(pre: number[], period: number): EtsFit {
  const hit = counterfactualCache.find(
    (c) => c.period === period && c.pre.length === pre.length && c.pre.every((v, i) => Object.is(v, pre[i])),
  );
  if (hit) return copyFit(hit.fit);
  const fit = searchCounterfactual(pre, period);
  counterfactualCache.unshift({ pre: pre.slice(), period, fit: copyFit(fit) });
  counterfactualCache.length = Math.min(counterfactualCache.length, COUNTERFACTUAL_CACHE_SIZE);
  return fit;
}

function copyFit(fit: EtsFit): EtsFit {
  return { ...fit, components: { ...fit.components }, season: fit.season.slice() };
}

function searchCounterfactual(pre: number[], period: number): EtsFit {
  let best: EtsFit | null = null;
  for (const components of etsCandidates(pre, period).filter((c) => c.trend !== 'A')) {
    const fit = fitEts(pre, components, period);
    if (fit && Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc)) best = fit;
  }
  if (!best)
    throw new ModelFitError(
      NAME,
      `cannot fit a counterfactual to the ${pre.length} observations before the shutdown`,
    );
  return best;
}

/** The counterfactual at series index t ≥ shutdownStart. */
function counterfactualPath(
  p: Pick<RecoveryParams, 'counterfactual' | 'shutdownStart'>,
  untilIndex: number,
): number[] {
  return etsPointForecast(p.counterfactual, untilIndex - p.shutdownStart + 1);
}

/** Relative one-step noise of the counterfactual fit (sd of relative innovations). */
function relativeNoise(fit: EtsFit, pre: readonly number[]): number {
  const sd = Math.sqrt(Math.max(0, fit.sigma2));
  const level = mean(pre.filter(Number.isFinite).map(Math.abs));
  const relative = fit.components.error === 'M' ? sd : level > 0 ? sd / level : NaN;
  return Number.isFinite(relative) ? Math.min(NOISE_MAX, Math.max(NOISE_MIN, relative)) : 0.05;
}

export const recoveryModel = defineModel<RecoveryParams>({
  name: NAME,
  family: 'recovery',
  capabilities,
  schemaVersion: 2,
  fit(y, context) {
    const shutdowns = (context.disruptions ?? []).filter(
      (d) => d.kind === 'shutdown' && d.window.end > d.window.start,
    );
    if (shutdowns.length === 0)
      throw new ModelFitError(NAME, 'no disruption in the series: nothing to recover from');
    const last = shutdowns.reduce((a, b) => (b.window.start > a.window.start ? b : a));
    const n = y.length;
    const shutdownStart = last.window.start;
    const reopening = Math.min(n, last.window.end);
    if (shutdownStart >= n) throw new ModelFitError(NAME, 'the shutdown starts after the history ends');
    const period = Math.max(1, context.seasonPeriod);

    // Earlier disruptions and gaps are not demand: mask them, then repair, so the counterfactual is demand.
    const earlier = disruptionMask(n, context.disruptions).map((m, i) => m && i < shutdownStart);
    const from = Math.max(0, shutdownStart - MAX_PRE);
    const preRaw = y.slice(from, shutdownStart).map((v, i) => (earlier[from + i] ? NaN : v));
    const usablePre = preRaw.filter(Number.isFinite).length;
    if (usablePre < Math.max(8, 2 * period))
      throw new ModelFitError(NAME, `only ${usablePre} observations before the shutdown`);
    const pre = repairSeries(preRaw, undefined, period);
    const counterfactual = fitCounterfactual(pre, period);
    const base = { counterfactual, shutdownStart };
    const cf = counterfactualPath(base, n - 1);
    const ratioAt = (t: number) => {
      const c = cf[t - shutdownStart];
      return Number.isFinite(y[t]) && c > 0 ? y[t] / c : NaN;
    };

    // Where the curve's τ = 0: the reopening once it has been observed (the curve is fitted on trade after
    // it); at the reopening origin, the trough (the latest lowest ratio inside the window), so that the
    // rebound from it up to the window's last observation is the evidence.
    let trough = reopening;
    if (reopening >= n) {
      let lowest = Infinity;
      for (let t = shutdownStart; t < reopening; t++) {
        const r = ratioAt(t);
        if (r <= lowest) [trough, lowest] = [t, r];
      }
    }
    const steps: number[] = [];
    const ratios: number[] = [];
    for (let t = trough; t < n; t++) {
      const r = ratioAt(t);
      if (Number.isFinite(r)) {
        steps.push(t - trough);
        ratios.push(r);
      }
    }
    if (steps.length === 0) throw new ModelFitError(NAME, 'no usable observation since the shutdown began');
    const noise = relativeNoise(counterfactual, pre);
    const prior = {
      rInf: 1,
      rInfSd: PRIOR_R_INF_SD,
      tau: Math.max(1, reopening - shutdownStart),
      logTauSd: PRIOR_LOG_TAU_SD,
    };
    const { r0, rInf, tau } = fitRecoveryCurveWithPrior(steps, ratios, prior, noise);
    const curve = { r0, rInf, tau };
    // The ratios' relative misfit around the curve, each point weighted by the curve's square: √(mean squared
    // misfit / mean squared curve). Dividing each misfit by its own curve value let a near-total closure (a
    // ratio of 0.005 where the curve passes 0.000001) make the relative noise a million and the band with it.
    const fittedRatios = steps.map((step) => recoveryRatio(curve, step));
    const squaredMisfit = ratios.reduce((s, r, i) => s + (r - fittedRatios[i]) ** 2, 0);
    const squaredCurve = fittedRatios.reduce((s, c) => s + c * c, 0);
    const rms = Math.sqrt(squaredMisfit / Math.max(1, ratios.length - 1) / (squaredCurve / ratios.length));
    return {
      counterfactual,
      shutdownStart,
      reopening,
      trough,
      n,
      curve,
      residualSd: Math.max(noise, Number.isFinite(rms) && ratios.length > 3 ? rms : 0),
      lastRatio: recoveryRatio(curve, steps[steps.length - 1]),
      postObservations: steps.length,
      nonNegative: y.every((v) => !Number.isFinite(v) || v >= 0),
    };
  },
  forecast(p, horizon) {
    const cf = counterfactualPath(p, p.n - 1 + horizon).slice(p.n - p.shutdownStart);
    const { ratio, ratioSd } = adjustment(p, horizon);
    const mean = cf.map((c, k) => {
      const value = c * ratio[k];
      return p.nonNegative ? Math.max(0, value) : value;
    });
    return {
      mean,
      sd: cf.map((c, k) => Math.abs(c) * Math.hypot(ratio[k] * p.residualSd, ratioSd[k])),
    };
  },
});

function adjustment(p: RecoveryParams, horizon: number): { ratio: number[]; ratioSd: number[] } {
  const ratio = Array.from({ length: horizon }, (_, k) => recoveryRatio(p.curve, p.n + k - p.trough));
  return { ratio, ratioSd: ratio.map((r) => Math.abs(r - p.lastRatio)) };
}

/**
 * The recovery part of a serialized recovery model's forecast, for the ensemble: the projected ratio
 * r(τ_k) to the counterfactual at steps 1..horizon, and its extrapolation uncertainty |r(τ_k) − r(τ_last)|
 * (in ratio units).
 */
export function recoveryAdjustment(
  json: SerializedModel,
  horizon: number,
): { ratio: number[]; ratioSd: number[] } {
  return adjustment(readModelJson<RecoveryParams>(json, NAME, 2), horizon);
}

/** The fitted recovery curve and counterfactual of a serialized recovery model (for explanations). */
export function recoveryFitSummary(json: {
  params: unknown;
}): Pick<RecoveryParams, 'curve' | 'reopening' | 'trough' | 'postObservations' | 'residualSd'> {
  const p = json.params as Partial<RecoveryParams> | null;
  if (!p?.curve) throw new Error('not a serialized recovery model');
  return {
    curve: p.curve,
    reopening: p.reopening!,
    trough: p.trough!,
    postObservations: p.postObservations!,
    residualSd: p.residualSd!,
  };
}

/** The counterfactual (no-shutdown) path of a fitted recovery model at series indices [from, to]. */
export function recoveryCounterfactual(params: RecoveryParams, from: number, to: number): number[] {
  if (from < params.shutdownStart)
    throw new RangeError(
      `counterfactual starts at the shutdown (index ${params.shutdownStart}), asked from ${from}`,
    );
  return counterfactualPath(params, to).slice(from - params.shutdownStart);
}
