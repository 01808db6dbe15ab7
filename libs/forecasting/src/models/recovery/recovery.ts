import { defineModel } from '../../core/model-support';
import { repairSeries } from '../../core/repair';
import { standardDeviation } from '../../core/stats';
import { Capabilities, ModelFitError } from '../../core/types';
import { etsCandidates, EtsFit, etsPointForecast, fitEts } from '../ets/ets-core';
import { fitRecoveryCurve, RecoveryCurve, recoveryRatio } from './curve';

/**
 * The recovery-pattern model (`recovery`): forecast = counterfactual(t) × r(t − reopening).
 *
 *  1. Counterfactual: what the shop would have sold without the shutdown. An ETS model (the statistical
 *     helper's ets-core) fitted on the observations BEFORE the last shutdown only (earlier disruptions
 *     repaired), chosen by AICc among models without an undamped trend (a linear trend projected a year
 *     through a shutdown and beyond would dominate everything else), projected from the shutdown's
 *     start through the window, the recovery and the forecast horizon. The shutdown itself never enters
 *     the fit, so it cannot be learned as seasonality.
 *  2. Ratios actual / counterfactual on the observations since the reopening.
 *  3. A saturating curve r(τ) = r∞ − (r∞ − r0)·exp(−τ/T) fitted to the ratios by bounded least squares
 *     (curve.ts).
 *  4. Forecast = counterfactual × r(τ) at each future step.
 *
 * Without a disruption the model throws ModelFitError instead of degrading to the counterfactual: the
 * counterfactual alone is an ETS forecast, which the statistical members already provide, and giving it
 * recovery weight in the ensemble would count ETS twice. It also throws when the shop has not reopened
 * yet, or has been open for fewer than MIN_POST observations (three parameters need more than three
 * points); the ensemble then gives it zero weight.
 *
 * Intervals: normal, sd = relative residual sd of the ratios around the curve × the forecast. They carry
 * the day-to-day noise, not the uncertainty of the curve or of the counterfactual (the ensemble's
 * conformal calibration covers those).
 */

export interface RecoveryParams {
  counterfactual: EtsFit;
  /** First index of the last shutdown: the counterfactual's step 1. */
  shutdownStart: number;
  /** First index open again after it. */
  reopening: number;
  /** Observations fitted (the forecast starts at index n). */
  n: number;
  curve: RecoveryCurve;
  /** Relative sd of the observed ratios around the curve. */
  residualSd: number;
  /** Post-reopening observations the curve was fitted on. */
  postObservations: number;
  nonNegative: boolean;
}

/** Minimum observations since the reopening. */
export const MIN_POST = 4;
/** The counterfactual is fitted on at most this many observations before the shutdown (speed; old history adds little). */
const MAX_PRE = 1000;

const capabilities: Capabilities = {
  needsSeasonality: false,
  usesExogenous: false,
  minHistory: 2 * 4 + MIN_POST,
  handlesMissing: true,
  nativeIntervals: true,
};

const NAME = 'recovery';

function fitCounterfactual(pre: number[], period: number): EtsFit {
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

export const recoveryModel = defineModel<RecoveryParams>({
  name: NAME,
  family: 'recovery',
  capabilities,
  schemaVersion: 1,
  fit(y, context) {
    const shutdowns = (context.disruptions ?? []).filter(
      (d) => d.kind === 'shutdown' && d.window.end > d.window.start,
    );
    if (shutdowns.length === 0)
      throw new ModelFitError(NAME, 'no disruption in the series: nothing to recover from');
    const last = shutdowns.reduce((a, b) => (b.window.start > a.window.start ? b : a));
    const n = y.length;
    const { start: shutdownStart, end: reopening } = last.window;
    if (reopening >= n) throw new ModelFitError(NAME, 'the shop has not reopened within the series');
    const period = Math.max(1, context.seasonPeriod);

    const preRaw = y.slice(Math.max(0, shutdownStart - MAX_PRE), shutdownStart);
    if (preRaw.filter(Number.isFinite).length < Math.max(8, 2 * period))
      throw new ModelFitError(
        NAME,
        `only ${preRaw.filter(Number.isFinite).length} observations before the shutdown`,
      );
    // Earlier disruptions and gaps are NaN here (handlesMissing): repair them so the counterfactual is demand.
    const pre = repairSeries(preRaw, undefined, period);
    const counterfactual = fitCounterfactual(pre, period);
    const base = { counterfactual, shutdownStart };
    const cf = counterfactualPath(base, n - 1);

    const steps: number[] = [];
    const ratios: number[] = [];
    for (let t = reopening; t < n; t++) {
      const c = cf[t - shutdownStart];
      if (Number.isFinite(y[t]) && c > 0) {
        steps.push(t - reopening);
        ratios.push(y[t] / c);
      }
    }
    if (steps.length < MIN_POST)
      throw new ModelFitError(
        NAME,
        `only ${steps.length} usable observations since the reopening (need ${MIN_POST})`,
      );
    const span = steps[steps.length - 1] + 1;
    const { r0, rInf, tau } = fitRecoveryCurve(steps, ratios, 2 * span);
    const curve = { r0, rInf, tau };
    const residualSd = standardDeviation(
      ratios.map(
        (r, i) => (r - recoveryRatio(curve, steps[i])) / Math.max(1e-9, recoveryRatio(curve, steps[i])),
      ),
    );
    return {
      counterfactual,
      shutdownStart,
      reopening,
      n,
      curve,
      residualSd: Number.isFinite(residualSd) ? residualSd : 0,
      postObservations: steps.length,
      nonNegative: y.every((v) => !Number.isFinite(v) || v >= 0),
    };
  },
  forecast(p, horizon) {
    const cf = counterfactualPath(p, p.n - 1 + horizon).slice(p.n - p.shutdownStart);
    const mean = cf.map((c, i) => {
      const value = c * recoveryRatio(p.curve, p.n + i - p.reopening);
      return p.nonNegative ? Math.max(0, value) : value;
    });
    return { mean, sd: mean.map((m) => Math.abs(m) * p.residualSd) };
  },
});

/** The fitted recovery curve and counterfactual of a serialized recovery model (for explanations). */
export function recoveryFitSummary(json: {
  params: unknown;
}): Pick<RecoveryParams, 'curve' | 'reopening' | 'postObservations' | 'residualSd'> {
  const p = json.params as Partial<RecoveryParams> | null;
  if (!p?.curve) throw new Error('not a serialized recovery model');
  return {
    curve: p.curve,
    reopening: p.reopening!,
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
