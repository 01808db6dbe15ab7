/**
 * Directional accuracy against the last known actual (the usual "mean directional accuracy" of a
 * forecast horizon): for each forecast period t, with A_{t−1} the actual of the period before it,
 *
 *     hit_t = sign(F_t − A_{t−1}) == sign(A_t − A_{t−1})
 *
 * For the first forecast period A_{t−1} is the last period of the history (June's actual for a July
 * forecast), for later ones the actual of the previous forecast period. Signs are −1, 0, +1 and must be
 * equal (a forecast exactly at the previous actual is "flat" and is right only when the actual is flat
 * too). A period whose previous actual is unknown (no history given, or the history does not reach the
 * period before the forecast) is not scored.
 */
export function directionHits(
  actual: readonly number[],
  forecast: readonly number[],
  previousActual: number | undefined,
): { hits: number; steps: number } {
  if (actual.length !== forecast.length)
    throw new RangeError(`directionHits: ${actual.length} actuals but ${forecast.length} forecasts`);
  let hits = 0;
  let steps = 0;
  for (let t = 0; t < actual.length; t++) {
    const previous = t === 0 ? previousActual : actual[t - 1];
    if (previous === undefined || ![previous, actual[t], forecast[t]].every(Number.isFinite)) continue;
    steps++;
    if (Math.sign(forecast[t] - previous) === Math.sign(actual[t] - previous)) hits++;
  }
  return { hits, steps };
}

/** The period before `period` ('YYYY-MM' → the previous month, 'YYYY-MM-DD' → the previous day). */
export function previousPeriod(period: string): string {
  if (/^\d{4}-\d{2}$/.test(period)) {
    const [y, m] = period.split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  const day = Date.parse(`${period}T00:00:00Z`);
  if (!Number.isFinite(day)) throw new RangeError(`previousPeriod: '${period}' is not YYYY-MM or YYYY-MM-DD`);
  return new Date(day - 86_400_000).toISOString().slice(0, 10);
}
