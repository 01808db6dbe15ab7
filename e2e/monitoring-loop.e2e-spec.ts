import { status } from '@grpc/grpc-js';
import { api, events } from '@salescast/contracts';
import { freshDatabase } from '@salescast/infra';
import { call, connect } from '@salescast/platform/grpc/client';
import { eventually, ServiceProcess, Stack } from '@salescast/stack';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErpPublisher, generateLines, Line } from './support/erp';
import { PrometheusServer } from './support/prometheus';
import { TopicTail } from './support/topic-tail';

/**
 * The monitoring loop, end to end, on a real Kafka, PostgreSQL, gRPC and Prometheus: the weekly
 * schedule trains three SKUs; then one SKU's actuals jump to three times their level and the test
 * sees, in order, the drift alert (monitoring.alerts.v1 and Prometheus' ALERTS), the retraining
 * request (training.requests.v1), a new fit, the champion/challenger gate's decision and the alert
 * resolved. Then every Grafana panel's query returns data from this Prometheus.
 */
describe('monitoring loop', () => {
  const run = Date.now().toString(36);
  const shifted = `MON-${run}-A`;
  const calm = [`MON-${run}-B`, `MON-${run}-C`];
  const skus = [shifted, ...calm];
  const historyStart = '2024-09-01';
  const lastHistoryDay = '2024-11-23'; // 84 days
  let stack: Stack;
  let erp: ErpPublisher;
  let prom: PrometheusServer;
  const alerts = new TopicTail('monitoring.alerts.v1');
  const requests = new TopicTail('training.requests.v1');
  const promoted = new TopicTail('models.promoted.v1');
  // every process writes its spans here (OpenTelemetry, JSON lines); the level shift's ERP lines carry this trace
  const traceDir = mkdtempSync(join(tmpdir(), 'salescast-traces-'));
  const traceId = randomBytes(16).toString('hex');

  beforeAll(async () => {
    stack = await Stack.create(
      (await freshDatabase('e2e_monitoring')).url,
      ['ingestion', 'feature-store', 'training', 'prediction', 'alerting'],
      {
        TRAINING_MEMBERS: 'snaive',
        TRAINING_HORIZON_DAYS: '14',
        TRAINING_WORKERS: '0',
        SALESCAST_TRACE_DIR: traceDir,
      },
    );
    for (const n of ['ingestion', 'feature-store', 'prediction', 'alerting'] as const)
      await stack.get(n).start();
    await Promise.all([alerts.start(), requests.start(), promoted.start()]);
    erp = new ErpPublisher();
    await erp.connect();
    prom = new PrometheusServer();
    await prom.start(
      [...stack.services.values()].map((s) => ({
        service: s.name,
        hostPort: s.httpUrl.replace('http://', ''),
      })),
    );
  });

  afterAll(async () => {
    await erp?.close();
    await Promise.all([alerts.stop(), requests.stop(), promoted.stop()]);
    await prom?.stop();
    await stack?.stopAll();
    rmSync(traceDir, { recursive: true, force: true });
  });

  /**
   * A failed wait, explained: what each tail saw and what alerting itself holds for the shifted SKU, so that
   * a failure on a loaded CI machine says whether the alert was never raised or never seen on the topic.
   */
  async function explained<T>(wait: Promise<T>): Promise<T> {
    try {
      return await wait;
    } catch (e) {
      let held = '';
      try {
        const monitoring = connect(api.MonitoringServiceClient, stack.get('alerting').grpcAddress);
        const r = await call(monitoring, monitoring.listAlerts, { openOnly: false, sku: shifted, limit: 0 });
        monitoring.close();
        held = r.alerts
          .map((a) => `${a.kind} ${a.scope} ${a.metric} ${a.resolvedAt ? 'resolved' : 'open'}`)
          .join(', ');
      } catch (err) {
        held = `(ListAlerts failed: ${(err as Error).message})`;
      }
      throw new Error(
        `${(e as Error).message}\n  tails: ${[alerts, requests, promoted].map((t) => t.describe()).join('; ')}` +
          `\n  alerting holds for ${shifted}: ${held || 'no alert'}`,
      );
    }
  }

  it('trains on the weekly schedule once the history is in', async () => {
    const sku = (s: string, category: string) => ({
      sku: s,
      name: s,
      category,
      unitPrice: 10,
      launchedOn: '',
      discontinuedOn: '',
    });
    await erp.publish('erp.skus.v1', shifted, sku(shifted, `shift-${run}`));
    for (const s of calm) await erp.publish('erp.skus.v1', s, sku(s, `calm-${run}`));
    await erp.publishLines(generateLines(skus, historyStart, 84, 7));
    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    for (const sku of skus)
      await eventually(`84 days of ${sku}`, async () => {
        const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' });
        return s.quantities.length === 84 ? true : undefined;
      });
    features.close();

    // the schedule as configured (a cron expression; here every half minute, so that a slow start on a
    // loaded machine cannot miss it), in a variant of the stack's own training process
    const old = stack.get('training');
    const scheduled = new ServiceProcess('training', old.httpPort, old.grpcPort, {
      ...old.env,
      TRAINING_CRON: '0,30 * * * * *',
    });
    stack.services.set('training', scheduled);
    await scheduled.start();
    let client = connect(api.TrainingServiceClient, scheduled.grpcAddress);
    const champions = await eventually(
      'the scheduled run to promote three champions',
      async () => {
        const r = await call(client, client.listChampions, { pageSize: 100, pageToken: '' });
        const ours = r.champions.filter((c) => skus.includes(c.sku));
        return ours.length === 3 ? ours : undefined;
      },
      180_000,
      1000,
    );
    client.close();
    // back to the stack's training (schedule off) so that only the monitoring loop asks for fits now
    await scheduled.stop();
    const training = new ServiceProcess('training', old.httpPort, old.grpcPort, old.env);
    stack.services.set('training', training);
    await training.start();
    client = connect(api.TrainingServiceClient, training.grpcAddress);
    const v = await call(client, client.listModelVersions, { sku: shifted });
    // One scheduled run fitted it; a tick that came after that run finished and before the schedule was
    // stopped (the runner skips ticks only while a scheduled run is still going) fits the same data again.
    const versions = [...v.versions].sort((a, b) => a.trainedAt!.getTime() - b.trainedAt!.getTime());
    expect(versions.length).toBeGreaterThanOrEqual(1);
    expect(versions.every((x) => x.originDate === lastHistoryDay)).toBe(true);
    // (a fit superseded by its reconciliation with its category at the run's end was never gated itself)
    const gated = versions.filter((x) => !x.gateDecision.startsWith('superseded:'));
    expect(gated[0].gateDecision).toMatch(/^promoted: no champion yet/);
    const champion = versions.filter((x) => x.role === api.ModelRole.MODEL_ROLE_CHAMPION);
    expect(champion).toHaveLength(1);
    expect(champions.map((c) => c.modelVersionId)).toContain(champion[0].modelVersionId);
    // the runs never overlapped: each started after the one before had finished
    const runs = await Promise.all(
      [...new Set(versions.map((x) => x.runId))].map(
        async (runId) => (await call(client, client.getRun, { runId })).run!,
      ),
    );
    runs.sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime());
    for (let i = 1; i < runs.length; i++)
      expect(runs[i].startedAt!.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finishedAt!.getTime());
    client.close();

    // forecasts served now are scored later (and carry the champion's version for error drift)
    const forecasts = connect(api.ForecastServiceClient, stack.get('prediction').grpcAddress);
    for (const sku of skus)
      await eventually(`a forecast for ${sku}`, () =>
        call(forecasts, forecasts.getForecast, { sku, horizonDays: 14, levels: [80] }),
      );
    forecasts.close();
  });

  it('sees a level shift drift, retrains, gates the new fit and resolves the alert, in that order', async () => {
    const next = generateLines(skus, '2024-11-24', 14, 99);
    const tripled: Line[] = next.flatMap((l) =>
      l.sku === shifted ? [0, 1, 2].map((k) => ({ ...l, orderId: `${l.orderId}-x${k}` })) : [l],
    );
    await erp.publishLines(tripled, 2000, {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    });

    // 1. the drift alert, on the topic
    const raised = await explained(
      eventually(
        'a drift alert on monitoring.alerts.v1 for the shifted SKU',
        async () =>
          alerts.seen.find(
            (a) =>
              a.value.scope === events.AlertScope.ALERT_SCOPE_SKU &&
              a.value.scopeKey === shifted &&
              a.value.kind === events.AlertKind.ALERT_KIND_DRIFT_DETECTED &&
              a.value.state === events.AlertState.ALERT_STATE_RAISED,
          ),
        120_000,
      ),
    );
    expect(raised.key).toBe(shifted);
    expect(raised.value.metric).toMatch(/^(ks_units|page_hinkley)$/);
    expect(raised.value.skus).toEqual([shifted]);
    expect(raised.value.detail.length).toBeGreaterThan(0);
    // the calm SKUs raise nothing
    expect(alerts.seen.filter((a) => calm.includes(a.value.scopeKey))).toEqual([]);

    // ... and in Prometheus, through the real alerting rule
    const firing = await eventually(
      'ALERTS{alertname="SalescastDriftDetected"} firing in Prometheus',
      async () => {
        const r = await prom.query(
          'ALERTS{alertname="SalescastDriftDetected", alertstate="firing", scope="sku"}',
        );
        return r.length ? r : undefined;
      },
      60_000,
      1000,
    );
    expect(firing[0].metric.severity).toBe('warning');

    // 2. the retraining request, once (debounced) for the shifted SKU
    const request = await eventually('a retraining request', async () =>
      requests.seen.find((r) => r.value.skus.includes(shifted)),
    );
    expect(request.value.reason).toBe(events.TrainingReason.TRAINING_REASON_DRIFT);
    // the shifted SKU, and possibly the rest of its category when the shift also moved the category's
    // distribution (a category-scope drift alert retrains its SKUs)
    expect(request.value.skus).toContain(shifted);
    expect(request.timestamp).toBeGreaterThanOrEqual(raised.timestamp);

    // 3. a new fit, 4. the gate's decision on it
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const versions = await eventually(
      'a fit of the shifted SKU on the new data',
      async () => {
        const v = await call(training, training.listModelVersions, { sku: shifted });
        return v.versions.some((x) => x.originDate === '2024-12-07') ? v.versions : undefined;
      },
      180_000,
      1000,
    );
    const fresh = versions.find((x) => x.originDate === '2024-12-07')!;
    // the champion it was gated against: fitted on the history (the newest of those, if the schedule fitted twice)
    const first = versions.find(
      (x) => x.originDate === lastHistoryDay && x.modelVersionId !== fresh.modelVersionId,
    )!;
    expect(versions.filter((x) => x.originDate === '2024-12-07')).toHaveLength(1);
    expect(fresh.trainedAt!.getTime()).toBeGreaterThanOrEqual(request.timestamp - 1000);
    const limit = first.backtestWape * 1.05; // TRAINING_GATE_MARGIN's default
    const promote = fresh.backtestWape <= limit;
    expect(fresh.gateDecision).toMatch(promote ? /^promoted: wape/ : /^challenger: wape/);
    expect(fresh.role).toBe(
      promote ? api.ModelRole.MODEL_ROLE_CHAMPION : api.ModelRole.MODEL_ROLE_CHALLENGER,
    );
    if (!promote) {
      // kept as challenger: an operator promotes it by hand (admin), which moves the champion
      const p = await call(training, training.promote, {
        modelVersionId: fresh.modelVersionId,
        reason: 'e2e',
      });
      expect(p.previousModelVersionId).toBe(first.modelVersionId);
    }
    const moved = await eventually('models.promoted.v1 for the new version', async () =>
      promoted.seen.find((m) => m.value.modelVersionId === fresh.modelVersionId),
    );
    expect(moved.value.originDate).toBe('2024-12-07');
    expect(moved.value.previousModelVersionId).toBe(first.modelVersionId);

    // 5. the alert resolved, same id, after the new champion
    const resolved = await eventually(
      'the drift alert resolved',
      async () =>
        alerts.seen.find(
          (a) =>
            a.value.alertId === raised.value.alertId &&
            a.value.state === events.AlertState.ALERT_STATE_RESOLVED,
        ),
      120_000,
    );
    expect(resolved.timestamp).toBeGreaterThanOrEqual(moved.timestamp);
    expect(resolved.value.resolvedAt!.getTime()).toBeGreaterThanOrEqual(resolved.value.raisedAt!.getTime());
    // raised exactly once while the condition held
    expect(
      alerts.seen.filter(
        (a) =>
          a.value.alertId === raised.value.alertId && a.value.state === events.AlertState.ALERT_STATE_RAISED,
      ),
    ).toHaveLength(1);
    const monitoring = connect(api.MonitoringServiceClient, stack.get('alerting').grpcAddress);
    const open = await call(monitoring, monitoring.listAlerts, { openOnly: true, sku: shifted, limit: 0 });
    expect(open.alerts.filter((a) => a.kind === 'drift_detected' && a.scope === 'sku')).toEqual([]);

    // Rollback (admin) puts the first champion back
    const rb = await call(training, training.rollback, { sku: shifted, reason: 'e2e' });
    expect(rb.champion?.modelVersionId).toBe(first.modelVersionId);
    await expect(
      call(training, training.promote, { modelVersionId: first.modelVersionId, reason: '' }),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
    });
    training.close();

    // accuracy over every scored forecast point, overall and per category, as fractions
    const overall = await eventually('overall accuracy', async () => {
      const a = await call(monitoring, monitoring.getAccuracy, {
        sku: '',
        category: '',
        topSkus: false,
        horizonBucket: '',
        month: '',
      });
      return a.points >= 14 * 3 ? a : undefined;
    });
    expect(overall.wape).toBeGreaterThan(0);
    expect(overall.coverage80).toBeGreaterThanOrEqual(0);
    expect(overall.rmse).toBeGreaterThanOrEqual(overall.mae);
    const calmCat = await call(monitoring, monitoring.getAccuracy, {
      sku: '',
      category: `calm-${run}`,
      topSkus: false,
      horizonBucket: '1-7',
      month: '',
    });
    // two calm SKUs × the 7 first days of each scored forecast (more once snapshots roll forward)
    expect(calmCat.points).toBeGreaterThanOrEqual(7 * 2);
    await expect(
      call(monitoring, monitoring.getAccuracy, {
        sku: '',
        category: '',
        topSkus: false,
        horizonBucket: '9',
        month: '',
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('horizon_bucket'),
    });
    monitoring.close();
  });

  it('follows the level shift from the ERP event through four services in one trace', async () => {
    type SpanLine = {
      service: string;
      traceId: string;
      spanId: string;
      parentSpanId: string;
      name: string;
      kind: string;
    };
    const read = (): SpanLine[] =>
      existsSync(traceDir)
        ? readdirSync(traceDir).flatMap((f) =>
            readFileSync(join(traceDir, f), 'utf8')
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l) as SpanLine),
          )
        : [];
    // the retraining request carries the trace of the ERP lines that shifted the level
    const request = requests.seen.find((r) => r.value.skus.includes(shifted))!;
    expect(request.headers.traceparent).toContain(traceId);
    const spans = await eventually(
      'the feature store to answer the retraining run inside the trace',
      async () => {
        const all = read().filter((s) => s.traceId === traceId);
        return all.some((s) => s.service === 'feature-store' && s.name === 'rpc GetDailySeries')
          ? all
          : undefined;
      },
    );
    const services = new Set(spans.map((s) => s.service));
    expect([...services]).toEqual(
      expect.arrayContaining(['ingestion', 'alerting', 'training', 'feature-store']),
    );
    const names = spans.map((s) => `${s.service}: ${s.name} (${s.kind})`);
    expect(names).toEqual(
      expect.arrayContaining([
        'ingestion: consume erp.sales-lines.v1 (CONSUMER)',
        'ingestion: publish sales.daily.v1 (PRODUCER)',
        'alerting: consume sales.daily.v1 (CONSUMER)',
        'alerting: transaction alerts (INTERNAL)',
        'training: consume training.requests.v1 (CONSUMER)',
        'training: transaction registry.store (INTERNAL)',
        'feature-store: rpc GetDailySeries (SERVER)',
      ]),
    );
    // one tree: every span's parent is a span of the trace, or the ERP event's own span
    const ids = new Set(spans.map((s) => s.spanId));
    const roots = spans.filter((s) => !ids.has(s.parentSpanId));
    expect(new Set(roots.map((s) => s.parentSpanId)).size).toBe(1);
  });

  it('has data behind every panel of the generated Grafana dashboards', async () => {
    // something for the dead-letter panels: an invalid daily total reaches alerting
    await erp.publish('sales.daily.v1', 'BAD', {
      sku: '',
      date: 'nope',
      quantity: -1,
      revenue: 0,
      returnedQuantity: 0,
      orderLines: 0,
    });
    const dir = join(__dirname, '..', 'deploy', 'grafana', 'dashboards');
    const queries = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
          panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
        };
        return d.panels.flatMap((p) =>
          (p.targets ?? []).map((t) => ({ file: f, panel: p.title, expr: t.expr })),
        );
      });
    expect(queries.length).toBeGreaterThan(20);
    for (const q of queries)
      await eventually(
        `data for "${q.panel}" (${q.file}): ${q.expr}`,
        async () => ((await prom.query(q.expr)).length > 0 ? true : undefined),
        90_000,
        1000,
      );
  });
});
