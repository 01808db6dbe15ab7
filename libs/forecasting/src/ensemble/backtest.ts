import { disruptionMask, lastShutdownEnd } from '../core/events';
import { mean } from '../core/stats';
import { FitContext, ModelFamily, ModelSpec, Series } from '../core/types';
import { naiveScale } from '../metrics';
import { whyNotApplicable } from './applicability';
import { fitMember, predictOnce } from './fit-member';
import { capPath, guardsFor } from './guards';
import { scoredMask, trainingWindow } from './training-window';

/**
 * Rolling-origin (walk-forward) evaluation: at each origin t a member is fitted on y[0..t) only and forecasts
 * y[t..t+h). Origins sit at the end of the history, `step` apart, so the errors describe the regime the next
 * forecast will face (after a shutdown: the recovery), not the distant past.
 */
export interface BacktestOptions {
  horizon: number;
  /** Number of forecast origins (default 3). */
  origins?: number;
  /** Distance between origins (default: the horizon, so the test windows tile the end of the history). */
  step?: number;
  /** Smallest training length an origin may have (default 2). Members may still refuse longer ones. */
  minTrain?: number;
}

/** One forecast origin: what actually happened after it, and which of those points count. */
export interface Fold {
  origin: number;
  actual: number[];
  /** false for points inside a disruption window, missing, or past the end of the series. */
  scored: boolean[];
  /** Mean absolute seasonal-naive error on y[0..origin) (the MASE scale), > 0. */
  scale: number;
  /**
   * Whether the fold counts for the weights (and the accuracy report). After a reopening the folds from
   * before it only calibrate the intervals: see `recoveryOrigins`.
   */
  weighed: boolean;
}

export interface MemberBacktest {
  member: string;
  family: ModelFamily;
  /** Forecast per fold (aligned with Backtest.folds), or null where the member failed. */
  forecasts: Array<number[] | null>;
  /** Why it failed, per failed fold. */
  failures: string[];
}

export interface Backtest {
  horizon: number;
  folds: Fold[];
  members: MemberBacktest[];
}

/** Forecast origins, oldest first; empty when the history is too short for even one full test window. */
export function planOrigins(length: number, options: BacktestOptions): number[] {
  const { horizon, origins = 3, step = horizon, minTrain = 2 } = options;
  const result: number[] = [];
  for (let k = origins - 1; k >= 0; k--) {
    const origin = length - horizon - k * step;
    if (origin >= Math.max(1, minTrain)) result.push(origin);
  }
  return result;
}

/**
 * The origins a backtest adds after a reopening at `reopenedAt`: one for each planned origin that lies at or
 * before it, spread evenly between the reopening and the first planned origin after it (or the end of the
 * history). Empty when no planned origin lies before the reopening, or when the recovery is too short to
 * hold them (fewer than two periods per added fold).
 *
 * A fold from before the reopening scores members on normal trade, or on the reopening seen from inside the
 * closure; the next forecast is made in the recovery. The added folds let the weights come from the recovery
 * (`Fold.weighed`), while the older folds still calibrate the intervals: their larger errors are the risk
 * that the recovery changes course, which three recovery folds alone would not show. Added folds may run past
 * the end of the history: their last points are not scored.
 */
export function recoveryOrigins(length: number, planned: readonly number[], reopenedAt: number): number[] {
  if (!(reopenedAt > 0 && reopenedAt < length)) return [];
  const before = planned.filter((o) => o <= reopenedAt).length;
  if (before === 0) return [];
  const upper = planned.find((o) => o > reopenedAt) ?? length;
  const span = upper - reopenedAt;
  if (span < 2 * before + 1) return [];
  return Array.from({ length: before }, (_, j) => reopenedAt + Math.round((span * (j + 1)) / (before + 1)));
}

/** Where trade reopened after the last shutdown, when the history has observations after it. */
export function reopeningIndex(length: number, context: FitContext): number | undefined {
  const end = lastShutdownEnd(context.disruptions);
  return end !== undefined && end > 0 && end < length ? end : undefined;
}

/** Walk-forward backtest of every spec on the same folds. */
export function backtest(
  specs: ModelSpec[],
  series: Series,
  context: FitContext,
  options: BacktestOptions,
): Backtest {
  const { horizon } = options;
  const planned = planOrigins(series.y.length, options);
  const reopenedAt = reopeningIndex(series.y.length, context);
  const added = reopenedAt === undefined ? [] : recoveryOrigins(series.y.length, planned, reopenedAt);
  // added origins lie strictly between the reopening and the next planned one: no duplicates
  const origins = [...planned, ...added].sort((a, b) => a - b);
  const folds: Fold[] = origins.map((origin) => ({
    origin,
    weighed: reopenedAt === undefined || added.length === 0 || origin > reopenedAt,
    // a fold added in a recovery may run past the end of the history: NaN there, never scored
    actual: Array.from({ length: horizon }, (_, k) =>
      origin + k < series.y.length ? series.y[origin + k] : NaN,
    ),
    scored: scoredMask(series, context, origin, horizon),
    scale: inSampleScale(
      series.y.slice(0, origin),
      disruptionMask(origin, context.disruptions),
      context.seasonPeriod,
    ),
  }));
  // Each fold's training window, and the plausibility cap its history sets (guards.ts): members are scored
  // as the ensemble uses them, capped.
  const windows = folds.map((fold) => {
    const train = trainingWindow(series, context, fold.origin, horizon);
    return { train, guards: guardsFor(train.series, train.context) };
  });
  const members = specs.map((spec) => {
    const result: MemberBacktest = { member: spec.name, family: spec.family, forecasts: [], failures: [] };
    for (const [f, fold] of folds.entries()) {
      const { train, guards } = windows[f];
      const notApplicable = whyNotApplicable(spec, train.series, train.context);
      const fit = notApplicable
        ? { ok: false as const, reason: notApplicable }
        : fitMember(spec, train.series, train.context);
      if (!fit.ok) {
        result.forecasts.push(null);
        result.failures.push(`origin ${fold.origin}: ${fit.reason}`);
        continue;
      }
      try {
        const forecast = predictOnce(fit.fitted, horizon);
        capPath(forecast, guards);
        result.forecasts.push(forecast);
      } catch (e) {
        result.forecasts.push(null);
        result.failures.push(
          `origin ${fold.origin}: ${spec.name}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    return result;
  });
  return { horizon, folds, members };
}

/** The backtest restricted to its weighed folds (the backtest itself when every fold is). */
export function weighedFolds(bt: Backtest): Backtest {
  if (bt.folds.every((f) => f.weighed)) return bt;
  const keep = bt.folds.map((f, i) => (f.weighed ? i : -1)).filter((i) => i >= 0);
  return {
    horizon: bt.horizon,
    folds: keep.map((i) => bt.folds[i]),
    members: bt.members.map((m) => ({ ...m, forecasts: keep.map((i) => m.forecasts[i]) })),
  };
}

/**
 * The MASE scale of a training window (metrics' naiveScale with disruption points treated as missing).
 * Falls back to lag 1, then to the mean level, then to 1, so that it is always a positive number: a flat
 * series would otherwise divide every error by zero and drop out of the weighting.
 */
export function inSampleScale(
  y: readonly number[],
  masked: readonly boolean[],
  seasonPeriod: number,
): number {
  const demand = y.map((v, i) => (masked[i] ? NaN : v));
  const seasonal = naiveScale(demand, seasonPeriod);
  if (seasonal > 0) return seasonal;
  const lag1 = naiveScale(demand, 1);
  if (lag1 > 0) return lag1;
  const level = mean(demand.map(Math.abs));
  return level > 0 ? level : 1;
}
