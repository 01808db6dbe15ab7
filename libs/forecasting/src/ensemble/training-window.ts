import { periodsBetween } from '../core/calendar';
import { disruptionMask } from '../core/events';
import { FitContext, IndexWindow, Series } from '../core/types';

/**
 * What a model may see when it is fitted at forecast origin `origin` (it forecasts y[origin..origin+horizon)):
 * the observations y[0..origin) and everything that is known in advance about the next `horizon` steps.
 *
 * - y and exog are cut at the origin; future exog (prices, planned promotions flags) for the horizon is handed
 *   over as `futureExog`, exactly like the training service does for a production fit.
 * - Disruption windows are clipped to [0, origin): a shutdown that runs on past the origin is, seen from the
 *   origin, a shutdown still in progress at the end of the history.
 * - Promotion windows are clipped to [0, origin + horizon): promotions are planned ahead, so a production fit
 *   also sees the ones inside its horizon (`FitContext.promotions` may extend into the future). They carry no
 *   target value, so this is not leakage; cutting them at the origin would hide from promotion-aware members
 *   the very information they get in production and make their backtests pessimistic.
 */
export function trainingWindow(
  series: Series,
  context: FitContext,
  origin: number,
  horizon: number,
): { series: Series; context: FitContext } {
  if (!Number.isInteger(origin) || origin < 1 || origin > series.y.length)
    throw new Error(`origin ${origin} is outside the series '${series.id}' (length ${series.y.length})`);
  const cutSeries: Series = { ...series, y: series.y.slice(0, origin) };
  const cutContext: FitContext = { ...context, maxHorizon: horizon };
  if (series.exog) {
    const exog: Record<string, number[]> = {};
    const futureExog: Record<string, number[]> = {};
    for (const [key, values] of Object.entries(series.exog)) {
      exog[key] = values.slice(0, origin);
      futureExog[key] = values.slice(origin, origin + horizon);
    }
    cutSeries.exog = exog;
    cutContext.futureExog = futureExog;
  } else delete cutContext.futureExog;
  if (context.disruptions)
    cutContext.disruptions = context.disruptions
      .map((d) => ({ ...d, window: clip(d.window, origin) }))
      .filter((d) => d.window.end > d.window.start);
  if (context.group) {
    const end = periodsBetween(context.group.start, series.start, series.freq) + origin;
    cutContext.group = { start: context.group.start, y: context.group.y.slice(0, Math.max(0, end)) };
  }
  // Declared closures and the end of sale lie after the full history, so after every test window: not the
  // members' business.
  delete cutContext.closures;
  delete cutContext.endOfSale;
  if (context.promotions)
    cutContext.promotions = context.promotions
      .map((w) => clip(w, origin + horizon))
      .filter((w) => w.end > w.start);
  return { series: cutSeries, context: cutContext };
}

function clip(w: IndexWindow, end: number): IndexWindow {
  return { start: Math.max(0, w.start), end: Math.min(end, w.end) };
}

/**
 * The points of y[origin..origin+horizon) that count as demand: inside the series, observed (not NaN)
 * and outside every disruption window of the full context. Masked points are never scored.
 */
export function scoredMask(series: Series, context: FitContext, origin: number, horizon: number): boolean[] {
  const masked = disruptionMask(series.y.length, context.disruptions);
  const scored: boolean[] = [];
  for (let k = 0; k < horizon; k++) {
    const i = origin + k;
    scored.push(i < series.y.length && !masked[i] && Number.isFinite(series.y[i]));
  }
  return scored;
}
