import { events } from '@salescast/contracts';

/** What the browser receives on the event stream: small notices, not whole snapshots. */
export type LiveEvent =
  | {
      type: 'forecast';
      data: {
        snapshot_id: string;
        sku: string;
        category: string;
        model_version_id: string;
        model_name: string;
        origin_date: string;
        published_at?: string;
        reason: string;
      };
    }
  | {
      type: 'alert';
      data: {
        alert_id: string;
        kind: string;
        severity: string;
        sku: string;
        message: string;
        value: number;
        threshold: number;
        occurred_at?: string;
      };
    };

/** forecasts.published.v1 → a `forecast` notice (points left out: the page fetches what it shows). Pure. */
export function forecastNotice(e: events.ForecastPublished): LiveEvent {
  return {
    type: 'forecast',
    data: {
      snapshot_id: e.snapshotId,
      sku: e.sku,
      category: e.category,
      model_version_id: e.modelVersionId,
      model_name: e.modelName,
      origin_date: e.originDate,
      published_at: e.publishedAt?.toISOString(),
      reason: events.PublicationReason[e.reason] ?? String(e.reason),
    },
  };
}

/** monitoring.alerts.v1 → an `alert` notice. Pure. */
export function alertNotice(e: events.AlertRaised): LiveEvent {
  return {
    type: 'alert',
    data: {
      alert_id: e.alertId,
      kind: events.AlertKind[e.kind] ?? String(e.kind),
      severity: events.AlertSeverity[e.severity] ?? String(e.severity),
      sku: e.sku,
      message: e.message,
      value: e.value,
      threshold: e.threshold,
      occurred_at: e.envelope?.occurredAt?.toISOString(),
    },
  };
}
