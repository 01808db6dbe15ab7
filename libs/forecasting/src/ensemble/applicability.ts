import { disruptionMask } from '../core/events';
import { FitContext, ModelSpec, Series } from '../core/types';

/** Number of observations that are demand: finite and outside every disruption window. */
export function usableObservations(series: Series, context: FitContext): number {
  const masked = disruptionMask(series.y.length, context.disruptions);
  return series.y.reduce((n, v, i) => (Number.isFinite(v) && !masked[i] ? n + 1 : n), 0);
}

/**
 * Why a member cannot take this series, judged from its declared capabilities alone (undefined = it can).
 * Cheap pre-filter: a member that passes may still refuse with a ModelFitError.
 */
export function whyNotApplicable(spec: ModelSpec, series: Series, context: FitContext): string | undefined {
  const usable = usableObservations(series, context);
  const { minHistory, needsSeasonality } = spec.capabilities;
  if (usable < minHistory) return `${spec.name}: needs ${minHistory} observations, the series has ${usable}`;
  if (needsSeasonality && context.seasonPeriod <= 1) return `${spec.name}: needs a seasonal period > 1`;
  if (needsSeasonality && usable < 2 * context.seasonPeriod)
    return `${spec.name}: needs two seasons (${2 * context.seasonPeriod} observations), the series has ${usable}`;
  return undefined;
}
