import { disruptionMask, lastShutdownEnd } from '../core/events';
import { needsPromotionLift, withPromotionLift } from '../core/promotions';
import { needsYearlySeason, withYearlySeason } from '../core/yearly-season';
import { Capabilities, FitContext, FittedModel, ModelSpec, SerializedModel, Series } from '../core/types';
import { whyNotApplicable } from './applicability';
import { Backtest, backtest, inSampleScale, weighedFolds } from './backtest';
import { ConformalCalibration } from './conformal';
import { fitAndCheck, MemberFit } from './fit-member';
import { guardsFor } from './guards';
import { ENSEMBLE_MODEL, FittedEnsemble, WeightedMember } from './fitted-ensemble';
import { accuracyByMember, MemberAccuracy } from './accuracy';
import { combineFolds, FoldForecasts, pooledScaledError, residualsByStep, spreadByStep } from './scoring';
import { isMemberPrior, memberPriorWeights, StackingSample, stackingSample } from './panel-prior';
import {
  DEFAULT_PRIOR,
  FamilyPrior,
  inverseErrorWeights,
  leastSquaresWeights,
  normalise,
  priorWeights,
  shrinkTowardPrior,
} from './weights';

export interface EnsembleOptions {
  /**
   * Steps ahead the ensemble is backtested and calibrated for, unless the fit context's `maxHorizon` says
   * otherwise (it is also the members' `maxHorizon`).
   */
  horizon: number;
  /** Candidate members; each series keeps those whose capabilities fit it. */
  members: ModelSpec[];
  /** Tried in order when no member can fit the series (the engine passes seasonal naive, then naive). */
  fallbacks?: ModelSpec[];
  /** Restores a member from its JSON (the registry's fromJSON); needed by the spec's fromJSON. */
  restoreMember: (json: SerializedModel) => FittedModel;
  /** Walk-forward origins (default 3) and their distance (default: the horizon). */
  backtest?: { origins?: number; step?: number };
  /** Family shares before any evidence, and the weights when the history is too short to backtest. */
  prior?: FamilyPrior;
  /**
   * A prior per member name (a panel's stacking weights, ensemble/panel-prior.ts) used instead of the family
   * prior: each series' backtest evidence is shrunk toward it. Members it does not name get 0; where it gives
   * every member of a series 0, the family prior applies.
   */
  memberPrior?: Readonly<Record<string, number>>;
  /**
   * How backtests turn into weights. 'inverse-error' (default): w ∝ pooled-MASE^-errorPower, robust with the
   * few dozen points a backtest has. 'least-squares': non-negative weights summing to 1 that minimise the
   * squared scaled backtest error (stacking); can exploit members whose errors cancel, but overfits more.
   */
  weighting?: 'inverse-error' | 'least-squares';
  /**
   * Exponent of the inverse-error weights (default 2: on a 50-series M3 monthly sample it beat 1 on sMAPE
   * and MASE with both member sets tried, by sharpening the weights toward members that backtest well).
   */
  errorPower?: number;
  /**
   * Prior strength in backtest origins: evidence weight λ = origins / (origins + shrinkage) (default 1, so
   * three origins give λ = 0.75). Origins, not points, because errors within one origin are correlated.
   */
  shrinkage?: number;
  /** Use the single best member when its backtest error is below the combination's (default false). */
  selectBest?: boolean;
  /**
   * Steps whose sums the backtest error of a member is measured on when weighing (default 1: each step). The
   * engine uses 7 on daily series (weekly totals; see pooledScaledError). Intervals stay per step.
   */
  scoreBlock?: number;
  /** Conformal residuals in series units ('absolute', default) or relative to the MASE scale ('scaled'). */
  conformal?: 'absolute' | 'scaled';
}

/** What the fit decided for one series, for reports and the training service's model registry. */
export interface EnsembleReport {
  /** 'ensemble' when several members carry weight, else the one member used (selectBest / fallback). */
  chosen: string;
  weights: Record<string, number>;
  /** Where the weights came from: backtests (shrunk toward the prior), the prior alone, or the fallback. */
  weightSource: 'backtest' | 'prior' | 'fallback';
  /** Backtest accuracy per member that produced forecasts, plus 'ensemble' for the chosen combination. */
  accuracy: MemberAccuracy[];
  /** Members that were not used, with why (not applicable, failed every origin, failed the final fit). */
  dropped: Array<{ member: string; reason: string }>;
  /** Set when the fallback model replaced the ensemble. */
  fallbackReason?: string;
  /** Set when the recovery member's ratio multiplies the combination (see recoveryOverlayIndex), with why. */
  recoveryOverlay?: string;
}

export interface EnsembleFit {
  fitted: FittedEnsemble;
  report: EnsembleReport;
}

const DEFAULT_ERROR_POWER = 2;

const CAPABILITIES: Capabilities = {
  needsSeasonality: false,
  usesExogenous: true,
  minHistory: 1,
  handlesMissing: true,
  nativeIntervals: true,
};

/**
 * The ensemble as a ModelSpec named 'ensemble'. ModelFamily has no 'ensemble' value; it is declared
 * 'statistical' because what it produces (a per-series fitted combination with calibrated intervals) is used
 * like a time-series model, and the family matters only for priors, which never apply to the ensemble itself.
 */
export function createEnsembleSpec(
  options: EnsembleOptions,
): ModelSpec & { fitWithReport(series: Series, context: FitContext): EnsembleFit } {
  validateEnsembleOptions(options);
  return {
    name: ENSEMBLE_MODEL,
    family: 'statistical',
    capabilities: CAPABILITIES,
    fit: (series, context) => fitEnsemble(series, context, options).fitted,
    fitWithReport: (series, context) => fitEnsemble(series, context, options),
    fromJSON: (json) => FittedEnsemble.fromJSON(json, options.restoreMember),
  };
}

export function validateEnsembleOptions(options: EnsembleOptions): void {
  const positiveInt = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1))
      throw new Error(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt('horizon', options.horizon);
  positiveInt('backtest.origins', options.backtest?.origins);
  positiveInt('backtest.step', options.backtest?.step);
  positiveInt('scoreBlock', options.scoreBlock);
  if (options.errorPower !== undefined && !(options.errorPower > 0))
    throw new Error(`errorPower must be > 0, got ${options.errorPower}`);
  if (options.shrinkage !== undefined && !(options.shrinkage >= 0))
    throw new Error(`shrinkage must be >= 0, got ${options.shrinkage}`);
  if (options.memberPrior !== undefined && !isMemberPrior(options.memberPrior))
    throw new Error(
      `memberPrior weights must be finite, >= 0 and not all 0, got ${JSON.stringify(options.memberPrior)}`,
    );
  if (options.prior) {
    const values = [options.prior.statistical, options.prior.ml, options.prior.recovery];
    if (!values.every((v) => Number.isFinite(v) && v >= 0) || values.every((v) => v === 0))
      throw new Error(
        `prior shares must be finite, >= 0 and not all 0, got ${JSON.stringify(options.prior)}`,
      );
  }
  const names = options.members.map((m) => m.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`members: '${duplicate}' is listed twice`);
}

/**
 * The members that apply to the series (wrapped for the yearly season and promotions), their full-history fits
 * where they reuse them (ModelSpec.narrow: auto-ETS keeps the form it chose, so it is fitted on the full history
 * first and that fit is also the final one), and their walk-forward backtest.
 */
function backtestCandidates(series: Series, ctx: FitContext, options: EnsembleOptions, horizon: number) {
  const dropped: EnsembleReport['dropped'] = [];
  const candidates = options.members
    .filter((spec) => {
      const why = whyNotApplicable(spec, series, ctx);
      if (why) dropped.push({ member: spec.name, reason: why });
      return !why;
    })
    .map((spec) => promotionAware(yearlyAware(spec, series), ctx));
  const full: Array<MemberFit | undefined> = candidates.map((spec) =>
    spec.narrow ? fitAndCheck(spec, series, ctx, horizon) : undefined,
  );
  const tested = candidates.map((spec, i) => {
    const fit = full[i];
    return fit?.ok ? (spec.narrow!(fit.fitted) ?? spec) : spec;
  });
  const bt = backtest(tested, series, ctx, { horizon, ...options.backtest });
  return { candidates, full, bt, dropped };
}

/** The horizon the members are backtested and calibrated for: the context's, else the options'. */
function horizonOf(context: FitContext, options: EnsembleOptions): number {
  const horizon = context.maxHorizon ?? options.horizon;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new Error(`context.maxHorizon must be a positive integer, got ${horizon}`);
  return horizon;
}

/**
 * The rows this series adds to its panel's stacking (ensemble/panel-prior.ts): its members' forecasts at the
 * backtest origins that weigh them, scored as the weights score them. Fits nothing beyond the backtest.
 */
export function ensembleStackingSample(
  series: Series,
  context: FitContext,
  options: EnsembleOptions,
): StackingSample {
  const horizon = horizonOf(context, options);
  const { full, bt } = backtestCandidates(series, { ...context, maxHorizon: horizon }, options, horizon);
  for (const fit of full) if (fit?.ok) fit.fitted.free?.();
  return stackingSample(weighedFolds(bt), options.scoreBlock ?? 1);
}

/**
 * Backtests the members on this series, weighs them, refits the weighted ones on the full history and
 * calibrates conformal intervals on the combination's backtest errors. Falls back to the first fallback that
 * fits when no member can; throws only when the fallbacks cannot fit either.
 */
export function fitEnsemble(series: Series, context: FitContext, options: EnsembleOptions): EnsembleFit {
  const horizon = horizonOf(context, options);
  const ctx: FitContext = { ...context, maxHorizon: horizon };
  const { candidates, full, bt, dropped } = backtestCandidates(series, ctx, options, horizon);
  // the folds that weigh the members (after a reopening, those in the recovery); every fold calibrates
  const weighed = weighedFolds(bt);
  const overlayIndex = recoveryOverlayIndex(bt, ctx, series.y.length);
  const selection =
    overlayIndex < 0 ? chooseWeights(weighed, options) : weightsBesides(weighed, overlayIndex, options);
  bt.members.forEach((m, i) => {
    if (selection.weights[i] === 0 && selection.reasons[i] && i !== overlayIndex)
      dropped.push({ member: m.member, reason: selection.reasons[i] });
  });

  let overlay: FittedModel | undefined;
  let overlayNote: string | undefined;
  if (overlayIndex >= 0) {
    const fit = full[overlayIndex] ?? fitAndCheck(candidates[overlayIndex], series, ctx, horizon);
    if (fit.ok) {
      overlay = fit.fitted;
      overlayNote = `${candidates[overlayIndex].name}: its projected ratio multiplies the combination (the shutdown ends at the forecast origin; no backtest origin has seen the recovery)`;
    } else dropped.push({ member: candidates[overlayIndex].name, reason: `final fit: ${fit.reason}` });
  }

  const weights = [...selection.weights];
  const members: Array<WeightedMember & { name: string }> = [];
  candidates.forEach((spec, i) => {
    if (!(weights[i] > 0)) {
      const unused = full[i];
      if (unused?.ok && i !== overlayIndex) unused.fitted.free?.();
      return;
    }
    const fit = full[i] ?? fitAndCheck(spec, series, ctx, horizon);
    if (fit.ok) members.push({ name: spec.name, weight: weights[i], fitted: fit.fitted });
    else {
      weights[i] = 0;
      dropped.push({ member: spec.name, reason: `final fit: ${fit.reason}` });
    }
  });
  if (members.length === 0) {
    overlay?.free?.();
    return fitFallback(series, ctx, { ...options, horizon }, dropped);
  }

  const finalWeights = normalise(weights);
  const combined = combineFolds(bt, finalWeights);
  const total = members.reduce((s, m) => s + m.weight, 0);
  const fitted = new FittedEnsemble(
    members.map((m) => ({ weight: m.weight / total, fitted: m.fitted })),
    calibrate(bt, combined, series, ctx, options.conformal ?? 'absolute', finalWeights),
    isNonNegative(series),
    overlay,
    guardsFor(series, ctx),
  );
  return {
    fitted,
    report: {
      chosen: members.length === 1 && !overlay ? members[0].name : ENSEMBLE_MODEL,
      weights: Object.fromEntries(fitted.members.map((m, i) => [members[i].name, m.weight])),
      weightSource: selection.source,
      accuracy: accuracyByMember(
        weighed,
        combined.filter((_, f) => bt.folds[f].weighed),
      ),
      dropped,
      ...(overlayNote !== undefined && { recoveryOverlay: overlayNote }),
    },
  };
}

/**
 * The recovery member to use as a ratio overlay instead of a weighted member, or -1.
 *
 * Walk-forward weights compare members on what happened after past origins. When the last declared shutdown
 * ends at (or after) the end of the history, every scored backtest point lies before the shutdown: the
 * backtests measured how well each member forecasts demand in normal trading, and say nothing about the
 * recovery that the next forecast faces. The recovery member then has no scored point (it gets 0 weight by
 * the evidence rule), and the others, fed the history with the window masked, forecast the counterfactual:
 * "back to normal". Neither is what the business will see. So the evidence-weighted combination of the others
 * is used for what it was validated on, the counterfactual, and the recovery model's projected ratio
 * (counterfactual → actual, fitted on the trough and the window's last observations) multiplies it.
 * Once the history has an observation after the reopening, the last backtest origin scores it, the recovery
 * member is weighed on post-reopening evidence like any other, and no overlay is used.
 */
function recoveryOverlayIndex(bt: Backtest, context: FitContext, length: number): number {
  const index = bt.members.findIndex((m) => m.family === 'recovery');
  const end = lastShutdownEnd(context.disruptions);
  if (index < 0 || end === undefined || end < length) return -1;
  const seesRecovery = bt.folds.some((fold) => fold.scored.some((ok, k) => ok && fold.origin + k >= end));
  return seesRecovery ? -1 : index;
}

/** chooseWeights over every member but `excluded` (which gets weight 0). */
function weightsBesides(
  bt: Backtest,
  excluded: number,
  options: Omit<EnsembleOptions, 'restoreMember' | 'members' | 'horizon'>,
): WeightSelection {
  const others = bt.members.filter((_, i) => i !== excluded);
  const inner = chooseWeights({ ...bt, members: others }, options);
  const expand = <T>(values: T[], fill: T) => {
    const out = [...values];
    out.splice(excluded, 0, fill);
    return out;
  };
  return {
    weights: expand(inner.weights, 0),
    source: inner.source,
    reasons: expand(inner.reasons, ''),
  };
}

interface WeightSelection {
  /** Aligned with backtest.members. */
  weights: number[];
  source: 'backtest' | 'prior';
  /** Why a member got weight 0 (aligned; empty string when it did not). */
  reasons: string[];
}

/**
 * Weights from backtest evidence shrunk toward the family prior. Members that produced no scored backtest
 * forecast while others did get 0: the evidence says they cannot forecast this series from recent origins.
 * With no evidence at all (history too short for a full test window) the prior is the answer.
 */
export function chooseWeights(
  bt: Backtest,
  options: Omit<EnsembleOptions, 'restoreMember' | 'members' | 'horizon'>,
): WeightSelection {
  const prior = options.prior ?? DEFAULT_PRIOR;
  const k = bt.members.length;
  if (k === 0) return { weights: [], source: 'prior', reasons: [] };
  // the panel's member prior where it names these members, else the family split
  const priorOf = (indices: number[]) =>
    (options.memberPrior &&
      memberPriorWeights(
        indices.map((i) => bt.members[i].member),
        options.memberPrior,
      )) ??
    priorWeights(
      indices.map((i) => bt.members[i].family),
      prior,
    );
  const block = options.scoreBlock ?? 1;
  const scores = bt.members.map((m) => pooledScaledError(bt, m.forecasts, block));
  const evidenced = scores.map((s, i) => (s.points > 0 ? i : -1)).filter((i) => i >= 0);
  if (evidenced.length === 0)
    return {
      weights: priorOf(bt.members.map((_, i) => i)),
      source: 'prior',
      reasons: new Array(k).fill(''),
    };

  const errors = evidenced.map((i) => scores[i].error);
  const evidence =
    options.weighting === 'least-squares'
      ? (stackingWeights(bt, evidenced) ??
        inverseErrorWeights(errors, options.errorPower ?? DEFAULT_ERROR_POWER))
      : inverseErrorWeights(errors, options.errorPower ?? DEFAULT_ERROR_POWER);
  const origins = Math.max(...evidenced.map((i) => scores[i].folds));
  const lambda = origins / (origins + (options.shrinkage ?? 1));
  const shrunk = shrinkTowardPrior(evidence, priorOf(evidenced), lambda);

  let weights = new Array<number>(k).fill(0);
  evidenced.forEach((i, j) => (weights[i] = shrunk[j]));
  const reasons = bt.members.map((m, i) =>
    scores[i].points > 0 ? '' : `no backtest forecast (${m.failures.join('; ') || 'no scored point'})`,
  );

  if (options.selectBest) {
    const best = evidenced.reduce((a, b) => (scores[b].error < scores[a].error ? b : a));
    const combination = pooledScaledError(bt, combineFolds(bt, weights), block);
    if (scores[best].error < combination.error && scores[best].folds >= combination.folds) {
      weights = weights.map((_, i) => (i === best ? 1 : 0));
      evidenced.forEach((i) => {
        if (i !== best)
          reasons[i] = `selectBest: ${bt.members[best].member} beat the combination in backtests`;
      });
    }
  }
  return { weights, source: 'backtest', reasons };
}

/**
 * Least-squares weights on the points every evidenced member forecast (the panel's stacking rows of this one
 * series, per step); undefined when they are too few.
 */
function stackingWeights(bt: Backtest, evidenced: number[]): number[] | undefined {
  const sample = stackingSample({ ...bt, members: evidenced.map((i) => bt.members[i]) });
  const complete = sample.rows.map((row) => row.every(Number.isFinite));
  const rows = sample.rows.filter((_, r) => complete[r]);
  const actual = sample.actual.filter((_, r) => complete[r]);
  return rows.length > evidenced.length ? leastSquaresWeights(rows, actual) : undefined;
}

/**
 * The interval calibration: the combination's backtest residuals, and with the members' `weights` how far they
 * spread around it there (what predict does not count twice); when there are no residuals (history too short
 * to backtest), the in-sample one-step changes of the series, which the conformal rule widens by √k — the
 * intervals of a random walk, the honest choice with no out-of-sample evidence.
 */
function calibrate(
  bt: Backtest,
  combined: FoldForecasts,
  series: Series,
  context: FitContext,
  mode: 'absolute' | 'scaled',
  weights?: number[],
): ConformalCalibration {
  const masked = disruptionMask(series.y.length, context.disruptions);
  const residuals = residualsByStep(bt, combined, mode === 'scaled');
  if (residuals.some((r) => r.length > 0))
    return {
      mode,
      scale: mode === 'scaled' ? inSampleScale(series.y, masked, context.seasonPeriod) : 1,
      residuals,
      ...(weights && { spread: spreadByStep(bt, weights, mode === 'scaled') }),
    };
  const ok = (i: number) => !masked[i] && Number.isFinite(series.y[i]);
  const changes: number[] = [];
  for (let t = 1; t < series.y.length; t++)
    if (ok(t) && ok(t - 1)) changes.push(Math.abs(series.y[t] - series.y[t - 1]));
  return { mode: 'absolute', scale: 1, residuals: [changes.sort((a, b) => a - b)] };
}

function fitFallback(
  series: Series,
  context: FitContext,
  options: EnsembleOptions,
  dropped: EnsembleReport['dropped'],
): EnsembleFit {
  const why = dropped.length ? dropped.map((d) => d.reason).join('; ') : 'no member configured';
  const fallbackReason = `no member could fit the series (${why})`;
  const failures: string[] = [];
  for (const fallback of options.fallbacks ?? []) {
    const spec = promotionAware(fallback, context);
    const notApplicable = whyNotApplicable(spec, series, context);
    const fit = notApplicable
      ? ({ ok: false, reason: notApplicable } as const)
      : fitAndCheck(spec, series, context, options.horizon);
    if (!fit.ok) {
      failures.push(fit.reason);
      continue;
    }
    const bt = backtest([spec], series, context, { horizon: options.horizon, ...options.backtest });
    const forecasts = bt.members[0].forecasts;
    return {
      fitted: new FittedEnsemble(
        [{ weight: 1, fitted: fit.fitted }],
        calibrate(bt, forecasts, series, context, options.conformal ?? 'absolute'),
        isNonNegative(series),
        undefined,
        guardsFor(series, context),
      ),
      report: {
        chosen: spec.name,
        weights: { [spec.name]: 1 },
        weightSource: 'fallback',
        accuracy: accuracyByMember(bt, forecasts),
        dropped,
        fallbackReason,
      },
    };
  }
  throw new Error(
    `series '${series.id}': ${fallbackReason}, and no fallback could either (${failures.join('; ') || 'none configured'})`,
  );
}

/** The member as the ensemble fits it on a daily series: carrying the yearly season when it does not model it. */
function yearlyAware(spec: ModelSpec, series: Series): ModelSpec {
  return needsYearlySeason(spec, series) ? withYearlySeason(spec) : spec;
}

/** The member as the ensemble fits it: with the series' promotion lift when it does not read promotions itself. */
function promotionAware(spec: ModelSpec, context: FitContext): ModelSpec {
  return needsPromotionLift(spec, context) ? withPromotionLift(spec) : spec;
}

function isNonNegative(series: Series): boolean {
  return series.y.every((v) => !Number.isFinite(v) || v >= 0);
}
