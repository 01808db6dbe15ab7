import { status } from '@grpc/grpc-js';
import { api, CONTENT_TYPES } from '@salescast/contracts';
import { call, connect } from '@salescast/platform/grpc/client';
import { dailyTotals, ErpPublisher, generateLines, readDeadLetters } from './support/erp';
import { eventually, metricValue } from '@salescast/stack';
import { Stack } from '@salescast/stack';
import { freshDatabase } from '@salescast/infra';

/**
 * The whole path on a real Kafka broker, a real PostgreSQL and real gRPC/HTTP, each service its own
 * process: ERP events → ingestion → feature store → training (StartRun over gRPC) → prediction
 * (GetForecast over gRPC) → alerting (realised accuracy on /metrics), plus the dead-letter path.
 */
describe('salescast end to end', () => {
  const run = Date.now().toString(36);
  const skus = [`E2E-${run}-A`, `E2E-${run}-B`, `E2E-${run}-C`];
  const historyStart = '2024-09-01';
  const historyDays = 84;
  const history = generateLines(skus, historyStart, historyDays, 7);
  const lastHistoryDay = '2024-11-23';
  let stack: Stack;
  let erp: ErpPublisher;

  beforeAll(async () => {
    stack = await Stack.create(
      (await freshDatabase('e2e_skeleton')).url,
      ['ingestion', 'feature-store', 'training', 'prediction', 'alerting'],
      {
        TRAINING_MEMBERS: 'snaive',
        TRAINING_HORIZON_DAYS: '14',
      },
    );
    await stack.startAll();
    erp = new ErpPublisher();
    await erp.connect();
  });

  afterAll(async () => {
    await erp?.close();
    await stack?.stopAll();
  });

  it('ingests ERP sales lines into each SKU’s daily series, exactly once', async () => {
    await erp.publishLines(history);
    await erp.publishLines(history.slice(0, 50)); // redelivered lines must change nothing
    const totals = dailyTotals(history);
    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    for (const sku of skus) {
      const expected = [...totals.get(sku)!.values()].reduce((a, b) => a + b, 0);
      const series = await eventually(`series of ${sku}`, async () => {
        const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' });
        return s.quantities.reduce((a, b) => a + b, 0) === expected ? s : undefined;
      });
      expect(series.startDate).toBe(historyStart);
      expect(series.quantities).toHaveLength(historyDays);
      expect(series.quantities[10]).toBe(totals.get(sku)!.get('2024-09-11') ?? 0);
    }
    // a return counts on the day it happened, in the same daily series
    await erp.publish('erp.returns.v1', skus[0], {
      returnId: `R-${run}-1`,
      orderId: history[0].orderId,
      sku: skus[0],
      quantity: 2,
      returnedAt: new Date('2024-09-05T12:00:00Z'),
    });
    const withReturn = await eventually('the return to reach the feature store', async () => {
      const s = await call(features, features.getDailySeries, {
        sku: skus[0],
        fromDate: '2024-09-05',
        toDate: '2024-09-05',
      });
      return s.returnedQuantities[0] === 2 ? s : undefined;
    });
    expect(withReturn.quantities[0]).toBe(totals.get(skus[0])!.get('2024-09-05') ?? 0);
    features.close();
  });

  it('trains on StartRun and serves forecasts with intervals over gRPC', async () => {
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const { run: started } = await call(training, training.startRun, { skus: [], reason: 'e2e' });
    expect(started?.status).toBe(api.TrainingRunStatus.TRAINING_RUN_STATUS_QUEUED);
    const done = await eventually('training run to finish', async () => {
      const { run: r } = await call(training, training.getRun, { runId: started!.runId });
      return r && r.status >= api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
    });
    expect(done.status).toBe(api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED);
    expect(done.skusDone).toBe(3);
    training.close();

    const forecasts = connect(api.ForecastServiceClient, stack.get('prediction').grpcAddress);
    for (const sku of skus) {
      const f = await eventually(`forecast for ${sku}`, () =>
        call(forecasts, forecasts.getForecast, { sku, horizonDays: 14, levels: [] }),
      );
      expect(f.originDate).toBe(lastHistoryDay);
      expect(f.points).toHaveLength(14);
      expect(f.points[0].date).toBe('2024-11-24');
      for (const p of f.points) {
        const i80 = p.intervals.find((i) => i.level === 80)!;
        const i95 = p.intervals.find((i) => i.level === 95)!;
        expect(i80.lower).toBeLessThanOrEqual(p.mean);
        expect(i80.upper).toBeGreaterThanOrEqual(p.mean);
        expect(i95.upper - i95.lower).toBeGreaterThanOrEqual(i80.upper - i80.lower);
      }
    }

    await expect(
      call(forecasts, forecasts.getForecast, { sku: 'NO-SUCH-SKU', horizonDays: 7, levels: [] }),
    ).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(
      call(forecasts, forecasts.getForecast, { sku: skus[0], horizonDays: 0, levels: [] }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('horizon_days'),
    });
    forecasts.close();

    // a restarted prediction service reloads its champions from the registry
    const prediction = stack.get('prediction');
    await prediction.kill();
    await prediction.start();
    const again = connect(api.ForecastServiceClient, prediction.grpcAddress);
    const f = await eventually('a forecast after restart', () =>
      call(again, again.getForecast, { sku: skus[0], horizonDays: 14, levels: [80] }),
    );
    expect(f.points).toHaveLength(14);
    again.close();
  });

  it('scores issued forecasts against later actuals on /metrics', async () => {
    const later = generateLines(skus, '2024-11-24', 7, 99);
    const alerting = stack.get('alerting');
    // alerting crashes while the actuals arrive: it must miss nothing
    await alerting.kill();
    await erp.publishLines(later);
    await alerting.start();
    const monitoring = connect(api.MonitoringServiceClient, alerting.grpcAddress);
    const none = { category: '', topSkus: false, horizonBucket: '', month: '' };
    for (const sku of skus) {
      const acc = await eventually(`7 evaluated points for ${sku}`, async () => {
        const a = await call(monitoring, monitoring.getAccuracy, { sku, ...none });
        return a.points === 7 ? a : undefined;
      });
      expect(acc.wape).toBeGreaterThanOrEqual(0);
      expect(acc.wape).toBeLessThan(1); // a seasonal naive on a stable weekly pattern is far better than nothing
      expect(acc.mape).toBeGreaterThanOrEqual(0);
    }
    // and on /metrics, overall (no per-SKU label beyond the capped top SKUs)
    const points = await eventually('overall evaluated points on /metrics', async () => {
      const v = metricValue(await alerting.metrics(), 'salescast_forecast_evaluated_points', {
        scope: 'overall',
        horizon: 'all',
      });
      return v === 21 ? v : undefined;
    });
    expect(points).toBe(21);
    monitoring.close();
  });

  it('dead-letters malformed and invalid sales lines with the reason, and carries on', async () => {
    const sku = `E2E-${run}-DLQ`;
    await erp.publishRaw('erp.sales-lines.v1', sku, Buffer.from([0xff, 0xff, 0xff, 0x01]));
    const invalid = {
      orderId: `${sku}-bad`,
      lineNo: 1,
      sku,
      quantity: -2,
      unitPrice: 3,
      orderedAt: '2024-11-25T10:00:00Z',
    };
    await erp.publishRaw('erp.sales-lines.v1', sku, Buffer.from(JSON.stringify(invalid)), {
      'content-type': CONTENT_TYPES.json,
    });
    const good = { ...invalid, orderId: `${sku}-good`, quantity: 3 };
    await erp.publishRaw('erp.sales-lines.v1', sku, Buffer.from(JSON.stringify(good)), {
      'content-type': CONTENT_TYPES.json,
    });

    const dead = await readDeadLetters(
      'erp.sales-lines.v1.dlq',
      (all) => all.filter((d) => d.key === sku).length >= 2,
    );
    const ours = dead.filter((d) => d.key === sku);
    expect(ours).toHaveLength(2);
    expect(ours[0].headers['x-error']).toMatch(/cannot decode/);
    expect(ours[1].headers['x-error']).toMatch(/quantity/);
    for (const d of ours) {
      expect(d.headers['x-source-topic']).toBe('erp.sales-lines.v1');
      expect(Number(d.headers['x-source-offset'])).toBeGreaterThanOrEqual(0);
    }
    // the valid JSON line after them was processed
    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    const s = await eventually('the good JSON line to arrive', async () => {
      try {
        return await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' });
      } catch {
        return undefined;
      }
    });
    expect(s.startDate).toBe('2024-11-25');
    expect(s.quantities[0]).toBe(3);
    expect(s.quantities.reduce((a, b) => a + b, 0)).toBe(3); // zeros up to the store's last day
    features.close();
    const metrics = await stack.get('ingestion').metrics();
    expect(
      metricValue(metrics, 'salescast_dlq_messages_total', { topic: 'erp.sales-lines.v1', reason: 'decode' }),
    ).toBe(1);
    expect(
      metricValue(metrics, 'salescast_dlq_messages_total', {
        topic: 'erp.sales-lines.v1',
        reason: 'validation',
      }),
    ).toBe(1);
  });
});
