/**
 * The alert state machine: a condition observed over and over raises one alert when it starts to hold
 * and resolves it when it stops, never re-raising while it holds. Pure: the caller keeps the open
 * alerts (a table) and publishes the transitions.
 */

export type AlertKind = 'accuracy_degraded' | 'drift_detected';
export type AlertScope = 'sku' | 'category' | 'service';
export type AlertSeverity = 'warning' | 'critical';

export interface Evidence {
  /** What was measured, e.g. `ks_units`, `page_hinkley`, `wape`. */
  metric: string;
  value: number;
  threshold: number;
  /** Free-form details for people (windows, p-values). */
  detail: string;
}

/** A condition checked now: holds or not, with the evidence either way. */
export interface Observation {
  kind: AlertKind;
  scope: AlertScope;
  /** SKU, category or service name. */
  key: string;
  holds: boolean;
  severity: AlertSeverity;
  evidence: Evidence;
}

export interface OpenAlert {
  alertId: string;
  kind: AlertKind;
  scope: AlertScope;
  key: string;
  severity: AlertSeverity;
  raisedAt: Date;
  evidence: Evidence;
}

export type Transition =
  | { type: 'raise'; alert: OpenAlert }
  | { type: 'resolve'; alert: OpenAlert; resolvedAt: Date; evidence: Evidence };

export const alertKey = (a: { kind: AlertKind; scope: AlertScope; key: string }) => `${a.kind}|${a.scope}|${a.key}`;

/**
 * Given the open alerts and fresh observations, the transitions to publish. An observation that holds
 * and has no open alert raises one; an observation that does not hold resolves the open one; an
 * observation that holds while its alert is open changes nothing (no re-raise). Alerts without an
 * observation this time stay as they are.
 */
export function transitions(
  open: readonly OpenAlert[],
  observations: readonly Observation[],
  now: Date,
  newId: () => string,
): Transition[] {
  const byKey = new Map(open.map((a) => [alertKey(a), a]));
  const out: Transition[] = [];
  const seen = new Set<string>();
  for (const o of observations) {
    const k = alertKey(o);
    if (seen.has(k)) continue; // first observation of a key wins within one evaluation
    seen.add(k);
    const current = byKey.get(k);
    if (o.holds && !current)
      out.push({
        type: 'raise',
        alert: { alertId: newId(), kind: o.kind, scope: o.scope, key: o.key, severity: o.severity, raisedAt: now, evidence: o.evidence },
      });
    else if (!o.holds && current) out.push({ type: 'resolve', alert: current, resolvedAt: now, evidence: o.evidence });
  }
  return out;
}

/**
 * Which SKUs a retraining request should name now: those of the raised alerts whose last request is
 * older than `debounceMs` (or never made). Keeps a burst of alerts from starting a run per minute.
 */
export function skusToRetrain(
  raised: readonly { skus: readonly string[] }[],
  lastRequested: ReadonlyMap<string, Date>,
  now: Date,
  debounceMs: number,
): string[] {
  const out = new Set<string>();
  for (const r of raised)
    for (const s of r.skus) {
      const last = lastRequested.get(s);
      if (!last || now.getTime() - last.getTime() >= debounceMs) out.add(s);
    }
  return [...out].sort();
}
