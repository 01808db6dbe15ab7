import { Inject, Injectable } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { AlertKind, AlertScope, AlertSeverity, OpenAlert, Transition } from '@salescast/monitoring';
import { contractEvent, DATA_SOURCE, enqueue, OUTBOX, OutboxRelay, tracedTransaction } from '@salescast/platform';
import { DataSource } from 'typeorm';

export interface AlertRow {
  alert_id: string;
  kind: AlertKind;
  scope: AlertScope;
  scope_key: string;
  severity: AlertSeverity;
  metric: string;
  value: number;
  threshold: number;
  detail: string;
  skus: string[];
  raised_at: Date;
  resolved_at: Date | null;
}

const KIND: Record<AlertKind, events.AlertKind> = {
  accuracy_degraded: events.AlertKind.ALERT_KIND_ACCURACY_DEGRADED,
  drift_detected: events.AlertKind.ALERT_KIND_DRIFT_DETECTED,
};
const SCOPE: Record<AlertScope, events.AlertScope> = {
  sku: events.AlertScope.ALERT_SCOPE_SKU,
  category: events.AlertScope.ALERT_SCOPE_CATEGORY,
  service: events.AlertScope.ALERT_SCOPE_SERVICE,
};
const SEVERITY: Record<AlertSeverity, events.AlertSeverity> = {
  warning: events.AlertSeverity.ALERT_SEVERITY_WARNING,
  critical: events.AlertSeverity.ALERT_SEVERITY_CRITICAL,
};

/** A transition with the SKUs its alert covers. */
export type CoveredTransition = Transition & { skus: string[] };

/** What a retraining request carries. */
export interface RetrainRequest {
  skus: string[];
  reason: events.TrainingReason;
  detail: string;
}

/**
 * Alerts with their raise/resolve life, the last retraining request per SKU, and the events that
 * announce both: state and events commit in one transaction (outbox).
 */
@Injectable()
export class AlertsRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async open(): Promise<OpenAlert[]> {
    const rows: AlertRow[] = await this.db.query(`SELECT * FROM alerts WHERE resolved_at IS NULL`);
    return rows.map((r) => ({
      alertId: r.alert_id,
      kind: r.kind,
      scope: r.scope,
      key: r.scope_key,
      severity: r.severity,
      raisedAt: r.raised_at,
      evidence: { metric: r.metric, value: r.value, threshold: r.threshold, detail: r.detail },
    }));
  }

  async lastRequested(skus: string[]): Promise<Map<string, Date>> {
    const rows: Array<{ sku: string; requested_at: Date }> = await this.db.query(
      `SELECT sku, requested_at FROM retrain_requests WHERE sku = ANY($1::text[])`,
      [skus],
    );
    return new Map(rows.map((r) => [r.sku, r.requested_at]));
  }

  /** Stores the transitions and the retraining request, and enqueues their events, in one transaction. */
  async apply(changes: CoveredTransition[], retrain: RetrainRequest | undefined, now: Date): Promise<void> {
    if (!changes.length && !retrain) return;
    await tracedTransaction(this.db, 'alerts', async (tx) => {
      const out = [];
      for (const t of changes) {
        const a = t.alert;
        const key = a.scope === 'sku' ? a.key : `${a.scope}:${a.key}`;
        if (t.type === 'raise') {
          await tx.query(
            `INSERT INTO alerts (alert_id, kind, scope, scope_key, severity, metric, value, threshold, detail, skus, raised_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [a.alertId, a.kind, a.scope, a.key, a.severity, a.evidence.metric, a.evidence.value, a.evidence.threshold, a.evidence.detail, t.skus, a.raisedAt],
          );
        } else {
          await tx.query(`UPDATE alerts SET resolved_at = $2 WHERE alert_id = $1`, [a.alertId, t.resolvedAt]);
        }
        const ev = t.type === 'raise' ? a.evidence : t.evidence;
        out.push(
          contractEvent('monitoring.alerts.v1', key, {
            alertId: a.alertId,
            kind: KIND[a.kind],
            severity: SEVERITY[a.severity],
            sku: a.scope === 'sku' ? a.key : '',
            message:
              t.type === 'raise'
                ? `${a.kind.replace('_', ' ')} on ${a.scope} ${a.key}: ${ev.metric} ${fmt(ev.value)} vs threshold ${fmt(ev.threshold)}`
                : `resolved: ${a.kind.replace('_', ' ')} on ${a.scope} ${a.key} (${ev.metric} now ${fmt(ev.value)})`,
            value: ev.value,
            threshold: ev.threshold,
            scope: SCOPE[a.scope],
            scopeKey: a.key,
            state: t.type === 'raise' ? events.AlertState.ALERT_STATE_RAISED : events.AlertState.ALERT_STATE_RESOLVED,
            metric: ev.metric,
            detail: ev.detail,
            raisedAt: a.raisedAt,
            resolvedAt: t.type === 'resolve' ? t.resolvedAt : undefined,
            skus: t.skus,
          }),
        );
      }
      if (retrain) {
        await tx.query(
          `INSERT INTO retrain_requests (sku, requested_at) SELECT unnest($1::text[]), $2
           ON CONFLICT (sku) DO UPDATE SET requested_at = EXCLUDED.requested_at`,
          [retrain.skus, now],
        );
        out.push(
          contractEvent('training.requests.v1', retrain.skus.length === 1 ? retrain.skus[0] : 'all', {
            reason: retrain.reason,
            skus: retrain.skus,
            detail: retrain.detail.slice(0, 1000),
          }),
        );
      }
      await enqueue(tx, out);
    });
    this.outbox.poke();
  }

  async list(f: { openOnly: boolean; sku: string; limit: number }): Promise<AlertRow[]> {
    return this.db.query(
      `SELECT * FROM alerts
        WHERE ($1::boolean = false OR resolved_at IS NULL) AND ($2 = '' OR $2 = ANY(skus))
        ORDER BY raised_at DESC, alert_id LIMIT $3`,
      [f.openOnly, f.sku, f.limit],
    );
  }

  /** Open alerts counted by kind, scope and severity (for the gauges). */
  async openCounts(): Promise<Array<{ kind: string; scope: string; severity: string; n: number }>> {
    const rows: Array<{ kind: string; scope: string; severity: string; n: string }> = await this.db.query(
      `SELECT kind, scope, severity, count(*) AS n FROM alerts WHERE resolved_at IS NULL GROUP BY 1, 2, 3`,
    );
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toExponential(2));
