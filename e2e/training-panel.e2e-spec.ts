import { api } from '@salescast/contracts';
import { call, connect } from '@salescast/platform/grpc/client';
import { freshDatabase } from '@salescast/infra';
import { eventually, metricValue, Stack } from '@salescast/stack';
import { Client } from 'pg';
import { dailyTotals, ErpPublisher, generateLines } from './support/erp';

/** The members of a serialized model and their weights (an ensemble's params list `{ weight, model }`). */
function memberWeights(modelJson: string): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as { weight?: unknown; model?: { model?: unknown } };
      if (typeof o.weight === 'number' && typeof o.model?.model === 'string') out[o.model.model] = o.weight;
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(modelJson));
  return out;
}

/** The first value under `key` anywhere in a serialized model (its guards' closedWeekdays, closedSteps…). */
function fieldOf<T>(modelJson: string, key: string): T | undefined {
  let found: T | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o[key])) found ??= o[key] as T;
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(modelJson));
  return found;
}

/** The closed weekdays a serialized model's guards carry (undefined when it has none). */
const closedWeekdaysOf = (modelJson: string) => fieldOf<number[]>(modelJson, 'closedWeekdays');

/** The declared closures (step windows from the origin) a serialized model's guards carry. */
const closedStepsOf = (modelJson: string) =>
  fieldOf<Array<{ start: number; end: number }>>(modelJson, 'closedSteps');

/** A serialized model's reconciliation factors, when it is a reconciled model (core/reconciled.ts). */
function reconciliationOf(modelJson: string): number[] | undefined {
  const m = JSON.parse(modelJson) as { model: string; params?: { factors?: number[] } };
  return m.model === 'reconciled' ? m.params?.factors : undefined;
}

/**
 * The training service's panel stage, on a real Kafka broker, PostgreSQL and gRPC: a run fits the global model
 * (global_gbm) once on every SKU of the store, stores its paths with the run, and each batch of 4–8 SKUs trains
 * with them — so the member a batch alone could not fit (it pools 20+ SKUs) is in every SKU's model; the stage
 * also finds the weekdays the shop never trades on (no SKU sold on them), which each model then forecasts 0. A
 * run of two SKUs (as a drift trigger starts) borrows from the whole store too. After its last batch, a run over
 * every SKU reconciles them with the forecast of their category (all of them here: no SKU master) and the
 * total, as the CLI's hierarchy does, prices in a list price that just moved by the elasticity of the shop's
 * past price changes (as the CLI does after its reconciliation), and each reconciled version becomes champion.
 */
describe('training: the panel stage (global model across SKUs)', () => {
  const run = Date.now().toString(36);
  const skus = Array.from({ length: 21 }, (_, i) => `PANEL-${run}-${String(i).padStart(2, '0')}`);
  // a shop that never trades on Saturdays (UTC day 6), as Online Retail
  const day0 = Date.parse('2024-09-01T00:00:00Z');
  const dayOf = (l: { orderedAt: Date }) => Math.floor((l.orderedAt.getTime() - day0) / 86_400_000);
  // six SKUs' list prices rose 20 % on day 42 and their demand fell by a quarter (every 4th line gone): the shop's
  // elasticity; the last SKU's price rose 20 % on day 80, three trading days before the origin
  const raised = new Set(skus.slice(0, 6));
  const repriced = skus[20];
  const lines = generateLines(skus, '2024-09-01', 84, 17)
    .filter((l) => l.orderedAt.getUTCDay() !== 6)
    .filter((l) => !(raised.has(l.sku) && dayOf(l) >= 42 && Number(l.orderId.split('-').pop()) % 4 === 3))
    .map((l) =>
      (raised.has(l.sku) && dayOf(l) >= 42) || (l.sku === repriced && dayOf(l) >= 80)
        ? { ...l, unitPrice: l.unitPrice * 1.2 }
        : l,
    );
  let stack: Stack;
  let erp: ErpPublisher;
  let url: string;

  beforeAll(async () => {
    url = (await freshDatabase('e2e_panel')).url;
    stack = await Stack.create(url, ['ingestion', 'feature-store', 'training'], {
      TRAINING_MEMBERS: 'snaive,global_gbm',
      TRAINING_HORIZON_DAYS: '14',
    });
    await stack.startAll();
    erp = new ErpPublisher();
    await erp.connect();
    await erp.publishLines(lines);
    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    const totals = dailyTotals(lines);
    for (const sku of skus) {
      const expected = [...totals.get(sku)!.values()].reduce((a, b) => a + b, 0);
      await eventually(`series of ${sku}`, async () => {
        const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' });
        return s.quantities.reduce((a, b) => a + b, 0) === expected ? s : undefined;
      });
    }
    features.close();
  });

  afterAll(async () => {
    await erp?.close();
    await stack?.stopAll();
  });

  async function trainRun(training: api.TrainingServiceClient, runSkus: string[]): Promise<api.TrainingRun> {
    const { run: started } = await call(training, training.startRun, { skus: runSkus, reason: 'e2e panel' });
    return eventually(
      'training run to finish',
      async () => {
        const { run: r } = await call(training, training.getRun, { runId: started!.runId });
        return r && r.status >= api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
      },
      120_000,
    );
  }

  async function latestModel(training: api.TrainingServiceClient, sku: string): Promise<api.ModelVersion> {
    const { versions } = await call(training, training.listModelVersions, { sku });
    const { version } = await call(training, training.getModelVersion, {
      modelVersionId: versions[0].modelVersionId,
    });
    return version!;
  }

  it('fits global_gbm and closed weekdays into every SKU of a run trained in batches, reconciles them, and drops the stage at the end', async () => {
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const done = await trainRun(training, []);
    expect(done.status).toBe(api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED);
    expect(done.skusDone).toBe(skus.length);
    const factors: number[][] = [];
    for (const sku of skus) {
      const version = await latestModel(training, sku);
      const { modelJson } = version;
      expect(Object.keys(memberWeights(modelJson))).toContain('global_gbm');
      // no SKU sold on a Saturday: the panel stage found the shop closed then, and the model forecasts 0
      expect(closedWeekdaysOf(modelJson)).toEqual([6]);
      // reconciled with the category after the last batch: the version that serves, with the run's id
      expect(version.runId).toBe(done.runId);
      expect(version.role).toBe(api.ModelRole.MODEL_ROLE_CHAMPION);
      const f = reconciliationOf(modelJson);
      expect(f).toHaveLength(14);
      factors.push(f!);
    }
    // top-down by proportions: one factor per step for the whole category, within the bound; the SKU whose price
    // just rose × one more factor, the same at every step: the shop's past price changes priced in
    for (const f of factors.slice(0, -1)) expect(f).toEqual(factors[0]);
    const price = factors[20].map((v, k) => v / factors[0][k]);
    for (const v of price) expect(v).toBeCloseTo(price[0], 9);
    expect(price[0]).toBeLessThan(0.97);
    expect(price[0]).toBeGreaterThan(0.5);
    for (const v of factors[0]) {
      expect(v).toBeGreaterThanOrEqual(1 / 1.5);
      expect(v).toBeLessThanOrEqual(1.5);
    }
    const metrics = await stack.get('training').metrics();
    expect(metricValue(metrics, 'salescast_training_reconciled_skus_total', { outcome: 'reconciled' })).toBe(
      skus.length,
    );
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      // the run's fits were gated once, reconciled, at its end: one champion move per SKU, to what serves
      const { rows: moves } = await db.query(
        `SELECT count(*)::int AS n FROM training.champion_history h
           JOIN training.model_versions v ON v.model_version_id = h.model_version_id WHERE v.run_id = $1`,
        [done.runId],
      );
      expect(moves[0].n).toBe(skus.length);
      const { rows: superseded } = await db.query(
        `SELECT count(*)::int AS n FROM training.model_versions WHERE run_id = $1 AND gate_decision LIKE 'superseded:%'`,
        [done.runId],
      );
      expect(superseded[0].n).toBe(skus.length);
      // the gate's decisions say what moved each fit: the category, and for the repriced SKU its price too
      const { rows: reasons } = await db.query(
        `SELECT sku, gate_decision FROM training.model_versions WHERE run_id = $1 AND gate_decision LIKE 'superseded:%'`,
        [done.runId],
      );
      for (const r of reasons)
        expect(r.gate_decision).toMatch(
          r.sku === repriced
            ? /^superseded: reconciled with its category; adjusted for its run-down or price change as /
            : /^superseded: reconciled with its category as /,
        );
      for (const table of ['run_global_paths', 'run_panel', 'run_sku_forecasts']) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM training.${table}`);
        expect(rows[0].n).toBe(0);
      }
    } finally {
      await db.end();
    }
    training.close();
  });

  it('a run of two SKUs pools the whole store for them, and adjusts a fit as the weekly run does', async () => {
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const two = [skus[3], repriced];
    const done = await trainRun(training, two);
    expect(done.skusDone).toBe(2);
    const factors: Record<string, number[] | undefined> = {};
    for (const sku of two) {
      const version = await latestModel(training, sku);
      expect(version.runId).toBe(done.runId);
      expect(Object.keys(memberWeights(version.modelJson))).toContain('global_gbm');
      expect(closedWeekdaysOf(version.modelJson)).toEqual([6]);
      factors[sku] = reconciliationOf(version.modelJson);
    }
    // two SKUs of a category are not the category: a run of named SKUs is not reconciled; the SKU whose price
    // just rose still gets the store's elasticity (one factor, the same at every step), as a drift retrain should
    expect(factors[skus[3]]).toBeUndefined();
    const price = factors[repriced]!;
    expect(price).toHaveLength(14);
    for (const v of price) expect(v).toBeCloseTo(price[0], 9);
    expect(price[0]).toBeLessThan(0.97);
    training.close();
    // both runs' panel stages are on /metrics, for the ops dashboard
    const metrics = await stack.get('training').metrics();
    expect(metricValue(metrics, 'salescast_training_panel_seconds_count', { outcome: 'ok' })).toBe(2);
  });

  it("forecasts 0 from a SKU's planned end of sale on, as the SKU master declares it", async () => {
    const sku = skus[7];
    // the history ends in late November 2024; the SKU is sold until 2024-11-29
    await erp.publish('erp.skus.v1', sku, {
      sku,
      name: sku,
      category: 'ending',
      unitPrice: 10,
      launchedOn: '2024-09-01',
      discontinuedOn: '2024-11-30',
    });
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await eventually('the end of sale in training', async () => {
        const { rows } = await db.query(
          `SELECT to_char(discontinued_on, 'YYYY-MM-DD') AS d FROM training.sku_categories WHERE sku = $1`,
          [sku],
        );
        return rows[0]?.d === '2024-11-30' ? rows[0] : undefined;
      });
    } finally {
      await db.end();
    }
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const done = await trainRun(training, [sku]);
    expect(done.skusDone).toBe(1);
    const { modelJson, originDate } = await latestModel(training, sku);
    // the steps up to Nov 29 are sold; from Nov 30 on (step index = days from the origin − 1) closed for good
    const step = (Date.parse('2024-11-30') - Date.parse(originDate)) / 86_400_000 - 1;
    expect(step).toBeGreaterThanOrEqual(6);
    expect(closedStepsOf(modelJson)).toEqual([{ start: step, end: expect.any(Number) }]);
    expect(closedStepsOf(modelJson)![0].end).toBeGreaterThan(10_000);
    training.close();
  });
});
