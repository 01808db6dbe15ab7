import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MethodForecasts } from '../scoring/forecasts';

/**
 * The M3 participants' own submitted forecasts (`participant_forecasts.csv`: method, series_id, f1…f18),
 * keyed `M3 <method>` → series id (the M3 task id). No intervals, no timings: the submissions have none.
 */
export function parseParticipantForecasts(
  text: string,
  seriesIds?: ReadonlySet<string>,
): Map<string, MethodForecasts> {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byMethod = new Map<string, MethodForecasts>();
  for (const r of rows) {
    if (seriesIds && !seriesIds.has(r.series_id)) continue;
    const method = `M3 ${r.method}`;
    let forecasts = byMethod.get(method);
    if (!forecasts) byMethod.set(method, (forecasts = new Map()));
    const mean: number[] = [];
    for (let h = 1; `f${h}` in r; h++) mean.push(r[`f${h}`] === '' ? NaN : Number(r[`f${h}`]));
    forecasts.set(r.series_id, { mean });
  }
  return byMethod;
}

export function loadParticipantForecasts(
  datasetsRoot: string,
  seriesIds?: ReadonlySet<string>,
): Map<string, MethodForecasts> {
  return parseParticipantForecasts(
    readFileSync(join(datasetsRoot, 'm3_monthly', 'participant_forecasts.csv'), 'utf8'),
    seriesIds,
  );
}

/** Published M3 monthly sMAPE (h = 1–18) that our metric code must reproduce from the submissions. */
export const M3_PUBLISHED_SMAPE: Readonly<Record<string, number>> = {
  'M3 THETA': 13.89,
  'M3 ForecastPro': 13.9,
  'M3 NAIVE2': 16.89,
};
