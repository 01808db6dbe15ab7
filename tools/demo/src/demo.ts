import { api } from '@salescast/contracts';
import { ensureInfra, freshDatabase } from '@salescast/infra';
import { loadDataset } from '@salescast/cli';
import { publish } from '@salescast/loader';
import { call, connect } from '@salescast/platform/grpc/client';
import { SingleBar } from 'cli-progress';
import { LOG_DIR, eventually, metricValue } from '@salescast/stack';
import { Stack } from '@salescast/stack';

export interface DemoOptions {
  data: string;
  horizon: number;
  members?: string;
  keep: boolean;
  top: number;
}

const say = (msg: string) => process.stderr.write(`${msg}\n`);
const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

/**
 * The whole system on one machine: a real Kafka and PostgreSQL, the five services and the gateway as processes, a data
 * set replayed as ERP events, a training run started over gRPC, forecasts fetched over gRPC.
 */
export async function runDemo(o: DemoOptions): Promise<void> {
  const t0 = Date.now();
  say('1/6 reading the data set to know what to expect …');
  const dataset = await loadDataset(o.data);
  const expected = new Map<string, { units: number; revenue: number }>();
  for (const [sku, d] of dataset.daily)
    expected.set(sku, {
      units: [...d.units.values()].reduce((a, b) => a + b, 0),
      revenue: [...d.revenue.values()].reduce((a, b) => a + b, 0),
    });
  say(
    `    ${dataset.skus.size} SKUs, ${dataset.rows.sales_lines ?? 0} order lines, ${dataset.events.length} business events`,
  );

  say('2/6 Kafka and PostgreSQL …');
  const infra = await ensureInfra();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  const db = await freshDatabase('demo', infra.databaseUrl);
  say(
    `    Kafka ${infra.kafkaBrokers} (${infra.sources.kafka}), PostgreSQL database ${db.name} (${infra.sources.postgres})`,
  );

  say('3/6 starting ingestion, feature-store, training, prediction, alerting, gateway …');
  const stack = await Stack.create(
    db.url,
    ['ingestion', 'feature-store', 'training', 'prediction', 'alerting', 'gateway'],
    {
      TRAINING_CRON: 'off',
      TRAINING_HORIZON_DAYS: String(o.horizon),
      ...(o.members ? { TRAINING_MEMBERS: o.members } : {}),
    },
  );
  const stopAll = async () => {
    await stack.stopAll();
    await infra.stop();
  };
  try {
    await stack.startAll();
    for (const s of stack.services.values())
      say(
        `    ${s.name.padEnd(13)} http ${s.httpUrl}${s.name === 'gateway' ? '' : `  grpc ${s.grpcAddress}`}`,
      );
    const dashboard = () => {
      const g = stack.get('gateway');
      say(`    dashboard  ${g.httpUrl}/   (REST API docs ${g.httpUrl}/api/docs)`);
      for (const u of stack.gatewayUsers)
        say(`    sign in as ${u.username} / ${u.password}  (role ${u.role})`);
    };
    dashboard();

    say('4/6 replaying the data set as erp.* events through Kafka …');
    const bar = new SingleBar({ format: '    {bar} {value} events  {kind}', hideCursor: true }, undefined);
    bar.start(0, 0, { kind: '' });
    let events = 0;
    const summary = await publish({
      brokers: infra.kafkaBrokers.split(','),
      dataDir: o.data,
      onProgress: (p) => bar.update(++events, { kind: p.kind }),
    });
    bar.stop();
    const published = Object.values(summary.published).reduce((a, b) => a + (b ?? 0), 0);
    say(`    ${published.toLocaleString('en-US')} events in ${summary.seconds.toFixed(1)} s`);

    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    await eventually(
      'every SKU’s daily series in the feature store',
      async () => {
        for (const [sku, e] of expected) {
          const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' });
          if (Math.abs(s.quantities.reduce((a, b) => a + b, 0) - e.units) > 1e-6) return undefined;
        }
        return true;
      },
      300_000,
      1000,
    );
    const businessEvents = summary.published.business_events ?? 0;
    await eventually('training to have the business events', async () => {
      const v = metricValue(
        await stack.get('training').metrics(),
        'salescast_kafka_messages_consumed_total',
        {
          topic: 'erp.business-events.v1',
        },
      );
      return (v ?? 0) >= businessEvents ? true : undefined;
    });
    say('    ingested: every SKU’s daily series matches the file totals');

    say('5/6 training (TrainingService.StartRun over gRPC) …');
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const { run } = await call(training, training.startRun, { skus: [], reason: 'demo' });
    const tbar = new SingleBar({ format: '    {bar} {value}/{total} SKUs  {failed} failed' }, undefined);
    tbar.start(expected.size, 0, { failed: 0 });
    const done = await eventually(
      'the training run',
      async () => {
        const { run: r } = await call(training, training.getRun, { runId: run!.runId });
        if (r) tbar.update(r.skusDone + r.skusFailed, { failed: r.skusFailed });
        return r && r.status >= api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
      },
      3_600_000,
      500,
    );
    tbar.stop();
    if (done.status !== api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED)
      throw new Error(`training failed: ${done.error}`);
    say(`    run ${done.runId}: ${done.skusDone} SKUs trained, ${done.skusFailed} failed`);

    say(`6/6 forecasts (ForecastService.GetForecast over gRPC), top ${o.top} SKUs by revenue:`);
    const forecasts = connect(api.ForecastServiceClient, stack.get('prediction').grpcAddress);
    const top = [...expected].sort((a, b) => b[1].revenue - a[1].revenue).slice(0, o.top);
    const rows: string[][] = [
      ['sku', 'model', 'history to', 'next day [80 %]', 'next 30 days', `next ${o.horizon} days`],
    ];
    for (const [sku] of top) {
      const f = await eventually(`the forecast of ${sku}`, () =>
        call(forecasts, forecasts.getForecast, { sku, horizonDays: o.horizon, levels: [80] }),
      );
      const p0 = f.points[0];
      const i80 = p0.intervals.find((i) => i.level === 80);
      const sum = (n: number) => f.points.slice(0, n).reduce((a, p) => a + p.mean, 0);
      rows.push([
        sku,
        f.modelName,
        f.originDate,
        `${fmt(p0.mean)} [${fmt(i80?.lower ?? NaN)}–${fmt(i80?.upper ?? NaN)}]`,
        fmt(sum(30)),
        fmt(sum(o.horizon)),
      ]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) process.stdout.write(`${r.map((v, c) => v.padEnd(widths[c])).join('  ')}\n`);
    for (const c of [features, training, forecasts]) c.close();
    say(
      `\ndone in ${((Date.now() - t0) / 1000).toFixed(0)} s; service logs in ${LOG_DIR}; realised accuracy appears on`,
    );
    say(`${stack.get('alerting').httpUrl}/metrics as later actuals arrive (salescast_forecast_mape{sku=…}).`);
    if (!o.keep) say('(run with --keep to leave the dashboard open)');
    say('');
    dashboard();
    if (o.keep) {
      say('\n--keep: the services and the dashboard keep running; stop them with Ctrl-C.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await stopAll();
  }
}
