// Grafana dashboards as code: one function per dashboard, shared panel defaults, stable uids.
// `node deploy/grafana/generate.mjs` writes deploy/grafana/dashboards/*.json (committed; provisioned
// by docker-compose and shipped by the Helm chart as ConfigMaps); `--check` fails when the committed
// JSON differs from what this script generates. Every panel query is run against a real Prometheus
// by e2e/monitoring-loop.e2e-spec.ts, so a renamed metric breaks a test, not a dashboard.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

function dashboard(uid, title, description, rows) {
  const panels = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    panels.push({
      type: 'row',
      id: id++,
      title: row.title,
      collapsed: false,
      gridPos: { h: 1, w: 24, x: 0, y },
      panels: [],
    });
    y += 1;
    let x = 0;
    for (const p of row.panels) {
      const w = p.w ?? 12;
      if (x + w > 24) {
        x = 0;
        y += 8;
      }
      panels.push(panel(id++, p, { h: 8, w, x, y }));
      x += w;
    }
    y += 8;
  }
  return {
    uid,
    title,
    description,
    tags: ['salescast'],
    timezone: 'utc',
    editable: false,
    schemaVersion: 41,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          type: 'datasource',
          query: 'prometheus',
          label: 'Prometheus',
          current: {},
          hide: 0,
        },
      ],
    },
    annotations: { list: [] },
    panels,
  };
}

function panel(id, p, gridPos) {
  return {
    id,
    type: p.type ?? 'timeseries',
    title: p.title,
    description: p.description,
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: {
      defaults: { unit: p.unit ?? 'short', ...(p.max !== undefined ? { max: p.max, min: 0 } : {}) },
      overrides: [],
    },
    options:
      p.type === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value' }
        : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: p.targets.map(([expr, legendFormat], i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr,
      legendFormat,
    })),
  };
}

export function opsDashboard() {
  return dashboard(
    'salescast-ops',
    'salescast / operations',
    'RED per gRPC method, Kafka consumers, dead letters, outbox, training runs, targets up.',
    [
      {
        title: 'gRPC (rate, errors, duration per method)',
        panels: [
          {
            title: 'Requests per second',
            unit: 'reqps',
            w: 8,
            targets: [
              [
                'sum by (service, method) (rate(salescast_grpc_server_handling_seconds_count[5m]))',
                '{{service}} {{method}}',
              ],
            ],
          },
          {
            title: 'Errors per second (non-OK)',
            unit: 'reqps',
            w: 8,
            targets: [
              [
                'sum by (service, method, code) (rate(salescast_grpc_server_handling_seconds_count{code!="OK"}[5m]))',
                '{{service}} {{method}} {{code}}',
              ],
            ],
          },
          {
            title: 'Latency p95',
            unit: 's',
            w: 8,
            targets: [
              [
                'histogram_quantile(0.95, sum by (service, method, le) (rate(salescast_grpc_server_handling_seconds_bucket[5m])))',
                '{{service}} {{method}}',
              ],
            ],
          },
        ],
      },
      {
        title: 'Kafka',
        panels: [
          {
            title: 'Consumer lag (messages)',
            w: 8,
            targets: [
              ['sum by (service, topic) (salescast_kafka_consumer_lag_messages)', '{{service}} {{topic}}'],
            ],
          },
          {
            title: 'Messages consumed per second',
            unit: 'ops',
            w: 8,
            targets: [
              [
                'sum by (service, topic) (rate(salescast_kafka_messages_consumed_total[5m]))',
                '{{service}} {{topic}}',
              ],
            ],
          },
          {
            title: 'Dead letters (last hour)',
            w: 8,
            targets: [
              [
                'sum by (service, topic, reason) (increase(salescast_dlq_messages_total[1h]))',
                '{{service}} {{topic}} {{reason}}',
              ],
            ],
          },
          {
            title: 'Outbox backlog (events not yet relayed)',
            w: 12,
            targets: [['sum by (service) (salescast_outbox_backlog_messages)', '{{service}}']],
          },
          {
            title: 'Outbox events relayed per second',
            unit: 'ops',
            w: 12,
            targets: [
              ['sum by (service, topic) (rate(salescast_outbox_relayed_total[5m]))', '{{service}} {{topic}}'],
            ],
          },
        ],
      },
      {
        title: 'Training and services',
        panels: [
          {
            title: 'SKU fits by outcome (last hour)',
            w: 8,
            targets: [['sum by (outcome) (increase(salescast_training_skus_total[1h]))', '{{outcome}}']],
          },
          {
            title: 'Training batch and panel-stage duration p95',
            unit: 's',
            w: 8,
            targets: [
              [
                'histogram_quantile(0.95, sum by (le) (rate(salescast_training_batch_seconds_bucket[1h])))',
                'batch p95',
              ],
              [
                'histogram_quantile(0.95, sum by (le) (rate(salescast_training_panel_seconds_bucket[1d])))',
                'panel stage p95 (per run)',
              ],
            ],
          },
          { title: 'Services up', type: 'stat', w: 8, targets: [['up{job="salescast"}', '{{service}}']] },
        ],
      },
    ],
  );
}

export function modelDashboard() {
  return dashboard(
    'salescast-model',
    'salescast / model quality',
    'Realised accuracy of published forecasts, drift, interval coverage, alerts, retraining and champion changes.',
    [
      {
        title: 'Accuracy',
        panels: [
          {
            title: 'WAPE overall and top 20 % SKUs by revenue',
            unit: 'percentunit',
            w: 8,
            targets: [
              [
                'salescast_forecast_accuracy_ratio{metric="wape", scope=~"overall|top20", horizon="all"}',
                '{{scope}}',
              ],
            ],
          },
          {
            title: 'WAPE by category',
            unit: 'percentunit',
            w: 8,
            targets: [
              [
                'salescast_forecast_accuracy_ratio{metric="wape", scope="category", horizon="all"}',
                '{{category}}',
              ],
            ],
          },
          {
            title: 'WAPE by horizon bucket (days ahead)',
            unit: 'percentunit',
            w: 8,
            targets: [
              [
                'salescast_forecast_accuracy_ratio{metric="wape", scope="overall", horizon!="all"}',
                '{{horizon}}',
              ],
            ],
          },
          {
            title: 'Top SKUs by revenue: WAPE',
            unit: 'percentunit',
            w: 8,
            targets: [['salescast_forecast_top_sku_accuracy_ratio{metric="wape"}', '{{sku}}']],
          },
          {
            title: 'Monthly MAPE and WAPE',
            unit: 'percentunit',
            w: 8,
            targets: [
              [
                'salescast_forecast_monthly_accuracy_ratio{metric=~"mape|wape", scope="overall"}',
                '{{metric}} {{month}}',
              ],
            ],
          },
          {
            title: 'RMSE and MAE (units)',
            w: 8,
            targets: [['salescast_forecast_error_units{scope="overall", horizon="all"}', '{{metric}}']],
          },
          {
            title: 'Directional accuracy',
            unit: 'percentunit',
            w: 12,
            max: 1,
            targets: [
              [
                'salescast_forecast_accuracy_ratio{metric="directional", scope=~"overall|top20", horizon="all"}',
                '{{scope}}',
              ],
            ],
          },
          {
            title: '80 % interval coverage (nominal 0.8)',
            unit: 'percentunit',
            w: 12,
            max: 1,
            targets: [
              [
                'salescast_forecast_accuracy_ratio{metric="coverage80", scope=~"overall|top20", horizon="all"}',
                '{{scope}}',
              ],
            ],
          },
        ],
      },
      {
        title: 'Drift, alerts, retraining',
        panels: [
          {
            title: 'SKUs and categories drifting, by feature',
            w: 8,
            targets: [['salescast_drift_detected', '{{scope}} {{feature}}']],
          },
          {
            title: 'Category PSI by feature',
            w: 8,
            targets: [['salescast_drift_category_psi', '{{category}} {{feature}}']],
          },
          {
            title: 'Open monitoring alerts',
            w: 8,
            targets: [['sum by (kind, scope) (salescast_alerts_open)', '{{kind}} {{scope}}']],
          },
          {
            title: 'Retraining requests (last day)',
            w: 8,
            targets: [['sum by (reason) (increase(salescast_retraining_requests_total[1d]))', '{{reason}}']],
          },
          {
            title: 'Gate decisions (last day)',
            w: 8,
            targets: [
              ['sum by (decision) (increase(salescast_training_gate_decisions_total[1d]))', '{{decision}}'],
            ],
          },
          {
            title: 'Champion changes (last day)',
            w: 8,
            targets: [
              ['sum by (cause) (increase(salescast_training_champion_changes_total[1d]))', '{{cause}}'],
            ],
          },
          {
            title: 'SKUs reconciled with their category at the end of a run (last day)',
            w: 8,
            targets: [
              ['sum by (outcome) (increase(salescast_training_reconciled_skus_total[1d]))', '{{outcome}}'],
            ],
          },
        ],
      },
    ],
  );
}

export const dashboards = { 'salescast-ops.json': opsDashboard, 'salescast-model.json': modelDashboard };

/** Every PromQL expression of every generated dashboard, with where it comes from. */
export function panelQueries() {
  return Object.entries(dashboards).flatMap(([file, make]) =>
    make().panels.flatMap((p) => (p.targets ?? []).map((t) => ({ file, panel: p.title, expr: t.expr }))),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, make] of Object.entries(dashboards)) {
    const json = `${JSON.stringify(make(), null, 2)}\n`;
    const path = join(OUT, file);
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        /* missing counts as stale */
      }
      if (current !== json) {
        console.error(`${path} is stale: run node deploy/grafana/generate.mjs`);
        stale++;
      }
    } else {
      writeFileSync(path, json);
      console.log(`wrote ${path}`);
    }
  }
  if (stale) process.exit(1);
}
