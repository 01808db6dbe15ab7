import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { api, events } from '@salescast/contracts';
import { call, connect } from '@salescast/platform/grpc/client';
import { planSku, termsOf } from '@salescast/cli';
import { publish } from '@salescast/loader';
import { eventually, kafkaBrokers, Stack } from '@salescast/stack';
import { freshDatabase } from '@salescast/infra';
import { ErpPublisher, generateLines, readDeadLetters } from './support/erp';

/**
 * From forecast to purchase order, on a real Kafka, PostgreSQL and gRPC: `salescast publish` replays a data
 * set with supply terms and inventory.csv, training fits the SKUs, prediction's ReorderService answers
 * GetReorderPlan — the same plan the CLI computes from the same forecast, terms and stock — and announces
 * the orders on `reorder.proposed.v1`; a bad stock report goes to the DLQ with its reason.
 */
describe('reorder plans end to end', () => {
  const run = Date.now().toString(36);
  const skus = [`RO-${run}-A`, `RO-${run}-B`, `RO-${run}-C`];
  const supplier = `Supplier ${run}`;
  const lastDay = '2024-11-23';
  const dir = mkdtempSync(join(tmpdir(), 'reorder-e2e-'));
  const terms = [
    { sku: skus[0], supplier, moq: 40, leadTimeDays: 10, packSize: 12, reviewDays: 7 },
    { sku: skus[1], supplier, moq: 1, leadTimeDays: 5, packSize: 1, reviewDays: 7 },
    { sku: skus[2], supplier: `Other ${run}`, moq: 10, leadTimeDays: 3, packSize: 5, reviewDays: 14 },
  ];
  // A: nearly empty (order now); B: a large stock (no order soon); C: no stock report (stock unknown)
  const stock = [
    { sku: skus[0], asOf: lastDay, onHand: 3, onOrder: 0 },
    { sku: skus[1], asOf: lastDay, onHand: 2000, onOrder: 10 },
  ];
  let stack: Stack;
  let erp: ErpPublisher;

  beforeAll(async () => {
    const lines = generateLines(skus, '2024-09-01', 84, 11);
    writeFileSync(
      join(dir, 'skus.csv'),
      [
        'sku,name,category,unit_price,launched_on,discontinued_on',
        ...skus.map((s) => `${s},Item ${s},home,10,2024-09-01,`),
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'sales_lines.csv'),
      [
        'order_id,line_no,sku,quantity,unit_price,ordered_at',
        ...lines.map(
          (l) =>
            `${l.orderId},${l.lineNo},${l.sku},${l.quantity},${l.unitPrice},${l.orderedAt.toISOString()}`,
        ),
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'supply_terms.csv'),
      [
        'sku,supplier,moq,lead_time_days,pack_size,review_days',
        ...terms.map(
          (t) => `${t.sku},${t.supplier},${t.moq},${t.leadTimeDays},${t.packSize},${t.reviewDays}`,
        ),
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'inventory.csv'),
      [
        'sku,as_of,on_hand,on_order',
        ...stock.map((s) => `${s.sku},${s.asOf},${s.onHand},${s.onOrder}`),
        '',
      ].join('\n'),
    );
    stack = await Stack.create(
      (await freshDatabase('e2e_reorder')).url,
      ['ingestion', 'feature-store', 'training', 'prediction'],
      { TRAINING_MEMBERS: 'snaive', TRAINING_HORIZON_DAYS: '14' },
    );
    await stack.startAll();
    erp = new ErpPublisher();
    await erp.connect();
  });

  afterAll(async () => {
    await erp?.close();
    await stack?.stopAll();
  });

  it('publishes inventory and supply terms, trains, and serves the CLI plan over gRPC and on reorder.proposed.v1', async () => {
    const summary = await publish({ brokers: kafkaBrokers(), dataDir: dir });
    expect(summary.published).toMatchObject({ skus: 3, supply_terms: 3, inventory: 2 });
    expect(summary.rejects.total).toBe(0);

    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    for (const sku of skus)
      await eventually(`history of ${sku}`, async () => {
        const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' }).catch(
          () => undefined,
        );
        return s && s.quantities.length === 84 ? s : undefined;
      });
    features.close();
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const { run: started } = await call(training, training.startRun, { skus, reason: 'e2e reorder' });
    const done = await eventually('training run to finish', async () => {
      const { run: r } = await call(training, training.getRun, { runId: started!.runId });
      return r && r.status >= api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
    });
    expect(done.status).toBe(api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED);
    training.close();

    const prediction = stack.get('prediction').grpcAddress;
    const forecasts = connect(api.ForecastServiceClient, prediction);
    // plans are computed from the published snapshots: wait until every SKU's is served
    const snapshotIds = await eventually("every SKU's forecast published", async () => {
      const r = await call(forecasts, forecasts.batchGetForecasts, { skus, horizonDays: 7, levels: [] });
      return r.forecasts.length === skus.length ? r.forecasts.map((f) => f.snapshotId) : undefined;
    });
    const reorder = connect(api.ReorderServiceClient, prediction);
    const served = await eventually('plans with forecasts, terms and stock', async () => {
      const r = await call(reorder, reorder.getReorderPlan, {
        skus,
        supplier: '',
        serviceLevel: 0.95,
        reviewDays: 0,
      });
      const ready =
        r.plans.every((p, i) => p.forecastId === snapshotIds[i] && p.supplier) &&
        r.plans[0].asOfDate === lastDay &&
        r.plans[1].onHand === 2000;
      return ready ? r.plans : undefined;
    });
    expect(served.map((p) => p.sku)).toEqual(skus);
    expect(served[0].status).toBe('order now');
    expect(served[0].orderQuantity % 12).toBe(0);
    expect(served[0].orderQuantity).toBeGreaterThanOrEqual(48);
    expect(served[1].status).not.toBe('order now');
    expect(served[2].status).toBe('stock unknown');

    // the CLI's plan from the same forecast, terms and stock is the same plan
    for (const [i, sku] of skus.entries()) {
      const f = await call(forecasts, forecasts.getForecast, { sku, horizonDays: 62, levels: [50, 80, 95] });
      const cli = planSku(
        { sku, originDate: f.originDate, points: f.points },
        termsOf(terms[i]),
        stock.find((s) => s.sku === sku),
        { serviceLevel: 0.95, defaultReviewDays: 7 },
      );
      const grpc = served[i];
      expect(grpc.status).toBe(cli.status);
      expect(grpc.orderQuantity).toBe(cli.orderQuantity);
      expect(grpc.orderByDate).toBe(cli.orderBy);
      expect(grpc.reorderPoint).toBeCloseTo(cli.reorderPoint, 9);
      expect(grpc.safetyStock).toBeCloseTo(cli.safetyStock, 9);
      expect(grpc.stockoutRisk).toBeCloseTo(cli.stockoutRisk, 9);
      expect(grpc.forecastOriginDate).toBe(f.originDate);
    }
    forecasts.close();

    // by supplier: the two SKUs of the first supplier
    const bySupplier = await call(reorder, reorder.getReorderPlan, {
      skus: [],
      supplier,
      serviceLevel: 0.95,
      reviewDays: 0,
    });
    expect(bySupplier.plans.map((p) => p.sku)).toEqual([skus[0], skus[1]]);
    await expect(
      call(reorder, reorder.getReorderPlan, {
        skus: [skus[0]],
        supplier: '',
        serviceLevel: 1.5,
        reviewDays: 0,
      }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('service_level'),
    });
    reorder.close();

    // the ERP receives the order of A, once (the same plan asked again is not announced again)
    const proposed = await readDeadLetters(
      'reorder.proposed.v1',
      (all) => all.some((m) => m.key === skus[0]),
      60_000,
    );
    const ours = proposed.filter((m) => m.key === skus[0]).map((m) => events.ReorderProposed.decode(m.value));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({
      sku: skus[0],
      supplier,
      status: 'order now',
      orderQuantity: served[0].orderQuantity,
      orderByDate: served[0].orderByDate,
      asOfDate: lastDay,
    });
    expect(proposed.some((m) => m.key === skus[2])).toBe(false);
  });

  it('dead-letters an invalid stock report with the reason', async () => {
    await erp.publish('erp.inventory.v1', skus[0], {
      sku: skus[0],
      asOfDate: lastDay,
      onHand: -5,
      onOrder: 0,
    });
    const dead = await readDeadLetters('erp.inventory.v1.dlq', (all) => all.some((d) => d.key === skus[0]));
    const ours = dead.filter((d) => d.key === skus[0]);
    expect(ours).toHaveLength(1);
    expect(ours[0].headers['x-error']).toMatch(/on_hand/);
    expect(ours[0].headers['x-source-topic']).toBe('erp.inventory.v1');
  });
});
