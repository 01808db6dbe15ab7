import { periodsBetween } from './calendar';
import { Disruption, IndexWindow, Series } from './types';

/** A business event as the retailer declares it (file row or `erp.business-events.v1` payload). */
export interface BusinessEventRecord {
  kind: 'shutdown' | 'reopening' | 'promotion';
  /** First day, `YYYY-MM-DD`, inclusive. */
  startsOn: string;
  /** Last day, `YYYY-MM-DD`, inclusive; empty/undefined = open-ended (for a shutdown: until a reopening). */
  endsOn?: string;
  /** `all`, `category:<name>` or `sku:<id>`. */
  scope: string;
  description?: string;
}

/** Does an event's scope cover this SKU? */
export function eventApplies(
  event: Pick<BusinessEventRecord, 'scope'>,
  sku: string,
  category?: string,
): boolean {
  const scope = event.scope.trim();
  if (scope === '' || scope === 'all') return true;
  if (scope.startsWith('sku:')) return scope.slice(4) === sku;
  if (scope.startsWith('category:')) return category !== undefined && scope.slice(9) === category;
  throw new Error(`unknown event scope '${event.scope}' (want all, category:<name> or sku:<id>)`);
}

/**
 * Maps dated business events onto a series' index.
 * A shutdown without an end runs until the next applicable reopening (its start day is the first day
 * open again), or to the end of the series. Windows are clipped to [0, y.length) for shutdowns and
 * may reach into the future for promotions. The part of a dated shutdown after the history is returned as a
 * future closure (`FitContext.closures`: the forecast is 0 there).
 */
export function eventsToContext(
  series: Pick<Series, 'start' | 'freq' | 'y' | 'id'>,
  events: BusinessEventRecord[],
  category?: string,
): { disruptions: Disruption[]; promotions: IndexWindow[]; closures: IndexWindow[] } {
  const applicable = events.filter((e) => eventApplies(e, series.id, category));
  const idx = (iso: string) => periodsBetween(series.start, iso, series.freq);
  const reopenings = applicable
    .filter((e) => e.kind === 'reopening')
    .map((e) => idx(e.startsOn))
    .sort((a, b) => a - b);
  const disruptions: Disruption[] = [];
  const promotions: IndexWindow[] = [];
  const closures: IndexWindow[] = [];
  for (const e of applicable) {
    const start = idx(e.startsOn);
    if (e.kind === 'shutdown') {
      let end: number;
      if (e.endsOn) end = idx(e.endsOn) + 1;
      else end = reopenings.find((r) => r > start) ?? series.y.length;
      const w = { start: Math.max(0, start), end: Math.min(series.y.length, end) };
      if (w.end > w.start) disruptions.push({ kind: 'shutdown', window: w });
      // The part after the history is a declared future closure (an open-ended one is not: its end is unknown).
      if (e.endsOn && end > series.y.length) closures.push({ start: Math.max(series.y.length, start), end });
    } else if (e.kind === 'promotion') {
      const end = e.endsOn ? idx(e.endsOn) + 1 : start + 1;
      if (end > 0) promotions.push({ start: Math.max(0, start), end });
    }
  }
  disruptions.sort((a, b) => a.window.start - b.window.start);
  promotions.sort((a, b) => a.start - b.start);
  closures.sort((a, b) => a.start - b.start);
  return { disruptions, promotions, closures };
}

/** true at every index of [0, length) inside one of the windows (promotion windows, say). */
export function windowMask(length: number, windows: readonly IndexWindow[] = []): boolean[] {
  const mask = new Array<boolean>(length).fill(false);
  for (const w of windows)
    for (let i = Math.max(0, w.start); i < Math.min(length, w.end); i++) mask[i] = true;
  return mask;
}

/** The end (exclusive) of the shutdown that ends last: where trade reopened, or undefined without one. */
export function lastShutdownEnd(disruptions: readonly Disruption[] = []): number | undefined {
  const ends = disruptions.filter((d) => d.window.end > d.window.start).map((d) => d.window.end);
  return ends.length ? Math.max(...ends) : undefined;
}

/**
 * true at every index of [0, length) that is not demand: inside a disruption (a shutdown) or a promotion. What the
 * adjustments after the engine leave out when they learn from a panel (core/panel-adjustments.ts).
 */
export function notDemandMask(
  length: number,
  context: { disruptions?: Disruption[]; promotions?: readonly IndexWindow[] },
): boolean[] {
  return windowMask(length, [
    ...(context.disruptions ?? []).map((d) => d.window),
    ...(context.promotions ?? []),
  ]);
}

/** true at every index inside a disruption window. */
export function disruptionMask(length: number, disruptions: Disruption[] = []): boolean[] {
  return windowMask(
    length,
    disruptions.map((d) => d.window),
  );
}
