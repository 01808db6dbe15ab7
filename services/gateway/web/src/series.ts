/**
 * Turns a SKU's daily history and forecast into the rows the chart draws, per day, ISO week or
 * month: sums of units (presentation only; the forecast's bands are drawn only where the service
 * gave them for that bucket). Pure, so it is tested without a browser.
 */
import type { BusinessEvent, DailySeries, Forecast } from './api';

export type Bucket = 'day' | 'week' | 'month';

export interface ChartRows {
  labels: string[];
  actual: (number | null)[];
  lastYear: (number | null)[];
  mean: (number | null)[];
  lo80: (number | null)[];
  hi80: (number | null)[];
  lo95: (number | null)[];
  hi95: (number | null)[];
  /** False when the bands cannot be summed into this bucket (intervals are not additive). */
  bands: boolean;
}

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The first day of the bucket that holds `date`: itself, the Monday of its ISO week, or the 1st. */
export function bucketStart(date: string, bucket: Bucket): string {
  if (bucket === 'day') return date;
  if (bucket === 'month') return `${date.slice(0, 7)}-01`;
  const ms = toMs(date);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday = 0
  return toDate(ms - weekday * DAY);
}

/** The same bucket a year earlier: 364 days (same weekday) for days and weeks, the same month. */
export function yearBefore(start: string, bucket: Bucket): string {
  if (bucket === 'month') return `${Number(start.slice(0, 4)) - 1}${start.slice(4)}`;
  return toDate(toMs(start) - 364 * DAY);
}

function sumBy(dates: string[], values: number[], bucket: Bucket): Map<string, number> {
  const out = new Map<string, number>();
  dates.forEach((d, i) => {
    const k = bucketStart(d, bucket);
    out.set(k, (out.get(k) ?? 0) + values[i]);
  });
  return out;
}

export function historyDates(h: DailySeries): string[] {
  if (!h.start_date) return [];
  const start = toMs(h.start_date);
  return h.quantities.map((_, i) => toDate(start + i * DAY));
}

/** Rows for the chart; `tailDays` limits the history shown (0 = all of it). */
/**
 * `forecast` is either daily (summed here, bands only for days) or already per `bucket` from the
 * service (`forecastBucketed`: one point per bucket, its bands valid, the first and last possibly partial).
 */
export function chartRows(
  history: DailySeries | undefined,
  forecast: Forecast | undefined,
  bucket: Bucket,
  tailDays = 0,
  forecastBucketed = false,
): ChartRows {
  const hDates = history ? historyDates(history) : [];
  const hSums = sumBy(hDates, history?.quantities ?? [], bucket);
  const fDates = forecast?.points.map((p) => p.date) ?? [];
  const fMeans = sumBy(fDates, forecast?.points.map((p) => p.mean) ?? [], bucket);
  const first =
    tailDays > 0 && hDates.length > tailDays
      ? bucketStart(hDates[hDates.length - tailDays], bucket)
      : undefined;
  const labels = [...new Set([...hSums.keys(), ...fMeans.keys()])].filter((l) => !first || l >= first).sort();
  const bands = bucket === 'day' || forecastBucketed;
  const byDate = new Map(forecast?.points.map((p) => [bucketStart(p.date, bucket), p]) ?? []);
  const band = (l: string, level: number, side: 'lower' | 'upper') => {
    if (!bands) return null;
    const i = byDate.get(l)?.intervals.find((x) => x.level === level);
    return i ? Math.max(0, i[side]) : null;
  };
  return {
    labels,
    actual: labels.map((l) => hSums.get(l) ?? null),
    lastYear: labels.map((l) => hSums.get(yearBefore(l, bucket)) ?? null),
    mean: labels.map((l) => fMeans.get(l) ?? null),
    lo80: labels.map((l) => band(l, 80, 'lower')),
    hi80: labels.map((l) => band(l, 80, 'upper')),
    lo95: labels.map((l) => band(l, 95, 'lower')),
    hi95: labels.map((l) => band(l, 95, 'upper')),
    bands,
  };
}

/** A shaded window of the chart, from one bucket label to another (both shown, inclusive). */
export interface ShadedArea {
  kind: 'shutdown' | 'promotion';
  from: string;
  to: string;
  name: string;
}

/**
 * The declared shutdowns and promotions as windows of the chart's labels (buckets), clipped to
 * what the chart shows. An open-ended shutdown ends the day before the next reopening, or runs to
 * the end of the chart; reopenings mark the end of a shutdown and are not shaded themselves.
 */
export function shadedAreas(events: BusinessEvent[], labels: string[], bucket: Bucket): ShadedArea[] {
  if (!labels.length) return [];
  const first = labels[0];
  const last = labels[labels.length - 1];
  const reopenings = events
    .filter((e) => e.kind === 'reopening')
    .map((e) => e.starts_on)
    .sort();
  const out: ShadedArea[] = [];
  for (const e of events) {
    if (e.kind !== 'shutdown' && e.kind !== 'promotion') continue;
    let end = e.ends_on;
    if (!end && e.kind === 'shutdown') {
      const reopened = reopenings.find((r) => r > e.starts_on);
      if (reopened) end = toDate(toMs(reopened) - DAY);
    }
    const from = bucketStart(e.starts_on, bucket);
    const to = end ? bucketStart(end, bucket) : last;
    const a = labels.find((l) => l >= (from > first ? from : first));
    const b = [...labels].reverse().find((l) => l <= (to < last ? to : last));
    if (a === undefined || b === undefined || a > b) continue;
    const name = e.description || (e.kind === 'shutdown' ? 'shutdown' : 'promotion');
    out.push({ kind: e.kind, from: a, to: b, name });
  }
  return out;
}

/** Reopenings after a shutdown (where the recovery starts), as the chart's labels they fall in. */
export function reopeningMarks(
  events: BusinessEvent[],
  labels: string[],
  bucket: Bucket,
): { at: string; name: string }[] {
  if (!labels.length) return [];
  return events
    .filter((e) => e.kind === 'reopening')
    .map((e) => ({ at: bucketStart(e.starts_on, bucket), name: e.description || 'reopened' }))
    .filter((m) => labels.includes(m.at));
}
