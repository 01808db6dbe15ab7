import { prepareForModel } from '../core/repair';
import { FitContext, FittedModel, ModelFitError, ModelSpec, Series } from '../core/types';

export type MemberFit = { ok: true; fitted: FittedModel } | { ok: false; reason: string };

/**
 * Fits one member on the series it can take (disruptions masked, or repaired for members that cannot skip
 * missing points: see core/repair.ts) and never throws: a member that cannot fit a series is dropped by the caller with the
 * reason recorded, whatever it threw (a ModelFitError is the polite way; any other exception is a bug in
 * that member on that series, and must not take the whole ensemble down).
 */
export function fitMember(spec: ModelSpec, series: Series, context: FitContext): MemberFit {
  try {
    return { ok: true, fitted: spec.fit(prepareForModel(series, context, spec.capabilities), context) };
  } catch (e) {
    return { ok: false, reason: describeFailure(spec.name, e) };
  }
}

/**
 * fitMember, then one trial prediction of `horizon` steps: a member whose forecast would be empty or not
 * finite fails here, at fit time, instead of breaking the ensemble's predictions later.
 */
export function fitAndCheck(
  spec: ModelSpec,
  series: Series,
  context: FitContext,
  horizon: number,
): MemberFit {
  const fit = fitMember(spec, series, context);
  if (!fit.ok) return fit;
  try {
    checkMean(fit.fitted.predict(horizon, []).mean, horizon);
    return fit;
  } catch (e) {
    fit.fitted.free?.();
    return { ok: false, reason: describeFailure(spec.name, e) };
  }
}

function checkMean(mean: number[], horizon: number): void {
  if (mean.length !== horizon || !mean.every(Number.isFinite))
    throw new Error(`predict(${horizon}) returned ${mean.length} values, not all finite`);
}

/** Predicts and releases the model (members may hold WASM memory); non-finite means are a failure. */
export function predictOnce(fitted: FittedModel, horizon: number): number[] {
  try {
    const mean = fitted.predict(horizon, []).mean;
    checkMean(mean, horizon);
    return mean;
  } finally {
    fitted.free?.();
  }
}

export function describeFailure(model: string, e: unknown): string {
  if (e instanceof ModelFitError) return e.message;
  const message = e instanceof Error ? e.message : String(e);
  return `${model}: ${message}`;
}
