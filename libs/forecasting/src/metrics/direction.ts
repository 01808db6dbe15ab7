import { usablePairs } from './pairs';

/**
 * Directional accuracy of a forecast path: the share (0..1) of steps where the forecast moves the same
 * way as the actual did.
 *
 * Definition. With a[-1] = f[-1] = `lastObserved` (the last actual before the horizon), step i has
 * actual direction sign(a[i] − a[i−1]) and forecast direction sign(f[i] − f[i−1]), i.e. each path is
 * compared with its own previous value, so a multi-step forecast is judged on the shape it promised
 * (up, down, flat) rather than on knowledge of actuals it did not have. Directions are −1, 0, +1 and
 * must be equal: a flat forecast step (0) matches only an exactly flat actual step. Step 0 is the
 * classical "mean directional accuracy" step (both compared with the last observation).
 * Steps where a[i], f[i] or their predecessors are not finite are skipped; NaN when none is usable.
 */
export function directionalAccuracy(
  actual: readonly number[],
  forecast: readonly number[],
  lastObserved: number,
): number {
  usablePairs('directionalAccuracy', actual, forecast);
  let hits = 0;
  let steps = 0;
  for (let i = 0; i < actual.length; i++) {
    const prevA = i === 0 ? lastObserved : actual[i - 1];
    const prevF = i === 0 ? lastObserved : forecast[i - 1];
    if (![actual[i], forecast[i], prevA, prevF].every(Number.isFinite)) continue;
    steps++;
    if (Math.sign(actual[i] - prevA) === Math.sign(forecast[i] - prevF)) hits++;
  }
  return steps === 0 ? NaN : hits / steps;
}
