import { freshDatabase, FreshDatabase } from '@salescast/infra';
import { contractEvent, createLogger, openDatabase, OutboxRelay } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { BusinessContext1732500000006 } from '../business-context/business-context.migration';
import { RECONCILED_MODEL, reconciledJSON } from '@salescast/forecasting';
import { ModelRegistryRepository } from '../registry/model-registry.repository';
import { Registry1732500000011 } from '../registry/registry.migration';
import { PanelStage1732500000014 } from './panel-stage.migration';
import {
  Reconciliation1732500000015,
  RunAdjustments1732500000017,
  RunPromotionPrior1732500000018,
} from './reconciliation.migration';
import { TrainingJobs1732500000010 } from './training-jobs.migration';
import { Training1732500000002 } from './training.migration';
import { RunsRepository, SCHEDULE_OVERLAP_HOURS } from './runs.repository';

/** A run split into batches: planned once, each batch completed once, finished after its last batch. */
describe('RunsRepository (PostgreSQL)', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let runs: RunsRepository;
  let registry: ModelRegistryRepository;

  beforeAll(async () => {
    db = await freshDatabase('repo_training_runs');
    const logger = createLogger('repo-spec', 'silent');
    ds = await openDatabase({
      url: db.url,
      schema: 'training',
      migrations: [
        Training1732500000002,
        BusinessContext1732500000006,
        TrainingJobs1732500000010,
        Registry1732500000011,
        PanelStage1732500000014,
        Reconciliation1732500000015,
        RunAdjustments1732500000017,
        RunPromotionPrior1732500000018,
      ],
      logger,
    });
    const outbox = new OutboxRelay(ds, { send: () => Promise.reject(new Error('not relayed')) }, logger);
    runs = new RunsRepository(ds, outbox);
    registry = new ModelRegistryRepository(ds, outbox);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const job = (runId: string, i: number, skus: string[]) =>
    contractEvent('training.jobs.v1', `${runId}/${i}`, {
      runId,
      skus,
      asOf: '',
      reason: 0,
      batchIndex: i,
      batchCount: 2,
    });

  it('plans a run once, with its batches and their jobs in the outbox', async () => {
    const run = await runs.create([], 'manual');
    const batches = [['A', 'B'], ['C']];
    const jobs = batches.map((b, i) => job(run.run_id, i, b));
    expect(await runs.plan(run.run_id, batches, jobs)).toBe(true);
    expect(await runs.plan(run.run_id, batches, jobs)).toBe(false); // another replica planned it
    expect(await runs.get(run.run_id)).toMatchObject({ status: 'RUNNING', skus_total: 3, batches_total: 2 });
    expect(
      await ds.query(`SELECT batch_index, skus FROM run_batches WHERE run_id = $1 ORDER BY 1`, [run.run_id]),
    ).toEqual([
      { batch_index: 0, skus: ['A', 'B'] },
      { batch_index: 1, skus: ['C'] },
    ]);
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'training.jobs.v1'`))[0].n,
    ).toBe(2);
  });

  it('counts a batch once however often it is completed, and finishes the run once after the last one', async () => {
    const run = await runs.create(['A', 'B', 'C'], 'manual');
    await runs.plan(run.run_id, [['A', 'B'], ['C']], []);
    expect(await runs.completeBatch(run.run_id, 0, { done: 2, failed: 0, fittedBy: 'x:1' })).toBeUndefined();
    expect(await runs.completeBatch(run.run_id, 0, { done: 2, failed: 0, fittedBy: 'y:2' })).toBeUndefined();
    expect(await runs.batchDone(run.run_id, 0)).toBe(true);
    expect(await runs.batchDone(run.run_id, 1)).toBe(false);
    expect(await runs.awaitsFinish(run.run_id)).toBeUndefined();
    const last = await runs.completeBatch(run.run_id, 1, { done: 0, failed: 1, fittedBy: 'y:2' });
    // the last batch hands the run back to be reconciled and finished: still RUNNING until then
    expect(last).toMatchObject({ status: 'RUNNING', skus_done: 2, skus_failed: 1, batches_done: 2 });
    expect(await runs.completeBatch(run.run_id, 1, { done: 1, failed: 0, fittedBy: 'z:3' })).toBeUndefined();
    expect(await runs.awaitsFinish(run.run_id)).toMatchObject({ run_id: run.run_id });
    expect(await runs.finishRun(run.run_id)).toMatchObject({ status: 'SUCCEEDED', skus_done: 2 });
    expect(await runs.finishRun(run.run_id)).toBeUndefined(); // finished once
    expect(await runs.awaitsFinish(run.run_id)).toBeUndefined();
    expect((await runs.get(run.run_id))?.skus_done).toBe(2);
    // every SKU failed: FAILED
    const none = await runs.create(['A'], 'manual');
    await runs.plan(none.run_id, [['A']], []);
    await runs.completeBatch(none.run_id, 0, { done: 0, failed: 1, fittedBy: 'x:1' });
    expect(await runs.finishRun(none.run_id)).toMatchObject({ status: 'FAILED', error: 'every SKU failed' });
  });

  it("keeps the panel stage's global paths and hierarchy context with the run for its batches, and drops them when it finishes", async () => {
    const run = await runs.create(['A', 'B', 'C'], 'manual');
    const paths = new Map<string, Record<string, number[]>>([
      ['A', { '2025-07-01': [1.5, 2, 0], '2025-05-01': [3, 0.25, 4] }],
      ['C', { '2025-07-01': [0, 0, 7.125] }],
    ]);
    // 1,200 SKUs: more than one INSERT's chunk
    for (let i = 0; i < 1200; i++) paths.set(`X${i}`, { '2025-07-01': [i] });
    const context = {
      closedWeekdays: [6],
      groups: { toys: { start: '2025-01-01', y: [1, 0, 2] }, '': { start: '2025-01-02', y: [5] } },
      promotionPrior: { logLift: 0.41, sd: 0.125, skus: 12 },
    };
    await runs.plan(run.run_id, [['A', 'B'], ['C']], [], { paths, context });
    expect(await runs.panelContext(run.run_id)).toEqual(context);
    const got = await runs.globalPaths(run.run_id, ['A', 'B', 'X1199']);
    expect(Object.fromEntries(got)).toEqual({
      A: paths.get('A'),
      X1199: { '2025-07-01': [1199] },
    });
    expect((await runs.globalPaths(run.run_id, ['C'])).get('C')).toEqual(paths.get('C'));
    await runs.completeBatch(run.run_id, 0, { done: 2, failed: 0, fittedBy: 'x:1' });
    expect((await runs.globalPaths(run.run_id, ['C'])).size).toBe(1);
    await runs.completeBatch(run.run_id, 1, { done: 1, failed: 0, fittedBy: 'x:1' });
    // kept for the run's reconciliation until it finishes
    expect((await runs.globalPaths(run.run_id, ['A', 'C', 'X1'])).size).toBe(3);
    await runs.finishRun(run.run_id);
    expect((await runs.globalPaths(run.run_id, ['A', 'C', 'X1'])).size).toBe(0);
    expect(await runs.panelContext(run.run_id)).toBeUndefined();
    // a run that failed while planned drops its paths too
    const failed = await runs.create(['A'], 'manual');
    await runs.plan(failed.run_id, [['A']], [], { paths: new Map([['A', { '2025-07-01': [1] }]]), context });
    await runs.finish(failed.run_id, 'FAILED', 'test');
    expect((await runs.globalPaths(failed.run_id, ['A'])).size).toBe(0);
    expect(await runs.panelContext(failed.run_id)).toBeUndefined();
  });

  it('finishes a run without SKUs at once, and reports the SKUs of a run that have a version already', async () => {
    const empty = await runs.create([], 'manual');
    await runs.plan(empty.run_id, [], []);
    expect((await runs.get(empty.run_id))?.status).toBe('SUCCEEDED');
    const run = await runs.create(['A', 'B'], 'manual');
    await ds.query(
      `INSERT INTO model_versions (model_version_id, sku, model_name, model, frequency, origin_date, run_id)
       VALUES (gen_random_uuid(), 'A', 'snaive', '{}', 'daily', '2024-01-01', $1)`,
      [run.run_id],
    );
    expect([...(await runs.fittedSkus(run.run_id, ['A', 'B']))]).toEqual(['A']);
  });

  it('creates one scheduled run per tick across replicas, and none while the last one is still going', async () => {
    // two replicas ticking at the same moment
    const [a, b] = await Promise.all([
      runs.createScheduled('schedule 0 3 * * 1'),
      runs.createScheduled('schedule 0 3 * * 1'),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const first = (a ?? b)!;
    // the same race, forced: replica A holds the schedule's lock with its run inserted but not committed;
    // replica B's tick waits for the lock and then sees A's run (without the lock it would not see it and
    // would insert a second run)
    await ds.query(`DELETE FROM runs WHERE run_id = $1`, [first.run_id]);
    const replicaA = ds.createQueryRunner();
    await replicaA.connect();
    await replicaA.startTransaction();
    await replicaA.query(`SELECT pg_advisory_xact_lock(hashtext('salescast.training.schedule'))`);
    await replicaA.query(
      `INSERT INTO runs (run_id, status, reason, skus) VALUES (gen_random_uuid(), 'QUEUED', 'schedule A', '{}')`,
    );
    let settled = false;
    const replicaB = runs.createScheduled('schedule 0 3 * * 1').finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await replicaA.commitTransaction();
    await replicaA.release();
    expect(await replicaB).toBeUndefined();
    await ds.query(`DELETE FROM runs WHERE reason = 'schedule A'`);
    const recreated = await runs.createScheduled('schedule 0 3 * * 1');
    expect(recreated).toMatchObject({ status: 'QUEUED' });
    expect(first).toMatchObject({ status: 'QUEUED', skus: [] });
    // running: the next tick is skipped; a manual or drift run is not held back
    await runs.plan(recreated!.run_id, [['A']], []);
    expect(await runs.createScheduled('schedule 0 3 * * 1')).toBeUndefined();
    expect(await runs.create(['A'], 'requested (drift)')).toMatchObject({ status: 'QUEUED' });
    // finished: the next tick runs again
    await runs.completeBatch(recreated!.run_id, 0, { done: 1, failed: 0, fittedBy: 'x:1' });
    expect(await runs.createScheduled('schedule 0 3 * * 1')).toBeUndefined(); // fitted, not finished yet
    await runs.finishRun(recreated!.run_id);
    expect(await runs.createScheduled('schedule 0 3 * * 1')).toMatchObject({ status: 'QUEUED' });
    // a scheduled run stuck for longer than SCHEDULE_OVERLAP_HOURS no longer holds the schedule back
    await ds.query(
      `UPDATE runs SET status = 'RUNNING', created_at = now() - make_interval(hours => $1 + 1)
        WHERE reason LIKE 'schedule%'`,
      [SCHEDULE_OVERLAP_HOURS],
    );
    expect(await runs.createScheduled('schedule 0 3 * * 1')).toMatchObject({ status: 'QUEUED' });
  });

  it("keeps the categories' and the SKUs' forecasts for the reconciliation, which gates each SKU's pending fit once, reconciled", async () => {
    const run = await runs.create([], 'manual');
    const aggregates = { groups: { toys: [10, 12], '': [3, 3] }, total: [13, 15] };
    // with the adjustments after the engine the panel stage learned (a SKU running down, one launched lately)
    const adjustments = { A: { factors: [0.9, 0.7] }, B: { ramp: { factors: [1.2, 1.3], level: 2 } } };
    const context = { closedWeekdays: [], groups: {} };
    await runs.plan(run.run_id, [['A', 'B']], [], { paths: new Map(), context, aggregates, adjustments });
    expect(await runs.aggregates(run.run_id)).toEqual(aggregates);
    expect(await runs.adjustments(run.run_id)).toEqual(adjustments);
    await runs.storeSkuForecasts(run.run_id, [
      { sku: 'B', category: '', mean: [1.5, 2] },
      { sku: 'A', category: 'toys', mean: [7, 0.125] },
    ]);
    // a redelivered batch refits A: its forecast replaces the first
    await runs.storeSkuForecasts(run.run_id, [{ sku: 'A', category: 'toys', mean: [8, 9] }]);
    expect(await runs.skuForecasts(run.run_id)).toEqual([
      { sku: 'A', category: 'toys', mean: [8, 9] },
      { sku: 'B', category: '', mean: [1.5, 2] },
    ]);

    expect(await runs.reconciled(run.run_id)).toBe(true);

    // the run's fits are stored pending: no alias moves until the run's end gates them
    const trained = (origin: string, wape: number) => ({
      modelName: 'ensemble',
      model: { model: 'snaive', schemaVersion: 1, params: { season: [1, 2] } },
      originDate: origin,
      frequency: 'daily' as const,
      backtest: { wape },
      forecast: [],
    });
    const earlier = await registry.storeGated('B', trained('2025-05-31', 0.1), null, () => ({
      promote: true,
      reason: 'first',
    }));
    const a = await registry.storePending('A', trained('2025-06-30', 0.2), run.run_id);
    await registry.storePending('B', trained('2025-06-30', 0.3), run.run_id);
    await registry.storePending('C', trained('2025-06-30', 0.3), run.run_id);
    expect(await registry.pendingSkus(run.run_id)).toEqual(['A', 'B', 'C']);
    expect(await registry.previousChampion('A')).toBeUndefined();
    expect((await registry.previousChampion('B'))?.current).toBe(earlier.id);

    // A reconciled and promoted (no champion yet); the candidate the gate sees is the fit
    const seen: string[] = [];
    const ra = await registry.gateRunVersion(
      'A',
      run.run_id,
      { factors: [1.25, 0.8], reason: 'reconciled with its category' },
      (fit, champion) => {
        seen.push(fit.model_version_id, champion?.model_version_id ?? 'none');
        return { promote: true, reason: 'no champion yet' };
      },
    );
    expect(seen).toEqual([a, 'none']);
    expect(ra!.id).not.toBe(a);
    // gated once: a finishing step that runs again finds nothing pending
    expect(
      await registry.gateRunVersion(
        'A',
        run.run_id,
        { factors: [1.25, 0.8], reason: 'reconciled with its category' },
        () => ({ promote: true, reason: 'x' }),
      ),
    ).toBeUndefined();
    const va = await registry.version(ra!.id);
    expect(va).toMatchObject({
      sku: 'A',
      run_id: run.run_id,
      model_name: 'ensemble',
      origin_date: '2025-06-30',
      is_champion: true,
      gate_decision: 'promoted: no champion yet (reconciled with its category)',
    });
    expect(va!.backtest).toEqual({ wape: 0.2 });
    // built in SQL, it is what the engine's registry restores
    expect(va!.model).toEqual(reconciledJSON(trained('', 0).model, [1.25, 0.8]));
    expect((va!.model as { model: string }).model).toBe(RECONCILED_MODEL);
    expect((await registry.version(a))?.gate_decision).toBe(
      `superseded: reconciled with its category as ${ra!.id}`,
    );
    expect(await registry.previousChampion('A')).toEqual({ current: ra!.id, previous: null });

    // B's reconciled form loses the gate: a challenger; the champion stays
    const rb = await registry.gateRunVersion(
      'B',
      run.run_id,
      { factors: [0.9, 0.9], reason: 'adjusted for its launch ramp' },
      (_fit, champion) => ({
        promote: false,
        reason: `worse than ${champion!.model_version_id}`,
      }),
    );
    expect(await registry.version(rb!.id)).toMatchObject({
      is_champion: false,
      gate_decision: `challenger: worse than ${earlier.id} (adjusted for its launch ramp)`,
    });
    expect((await registry.previousChampion('B'))?.current).toBe(earlier.id);
    // C unchanged by the reconciliation: its fit itself is gated
    const rc = await registry.gateRunVersion('C', run.run_id, undefined, () => ({
      promote: true,
      reason: 'ok',
    }));
    expect(await registry.version(rc!.id)).toMatchObject({
      gate_decision: 'promoted: ok',
      is_champion: true,
    });
    expect(await registry.pendingSkus(run.run_id)).toEqual([]);
    // one announcement per champion move: A once, C once, B none (beyond its first champion)
    const promoted = await ds.query(
      `SELECT key, count(*)::int AS n FROM outbox WHERE topic = 'models.promoted.v1' GROUP BY key ORDER BY key`,
    );
    expect(promoted).toEqual([
      { key: 'A', n: 1 },
      { key: 'B', n: 1 },
      { key: 'C', n: 1 },
    ]);
    // a run whose panel stage did not forecast the categories (a run of named SKUs: TrainingRunner) is not reconciled
    const named = await runs.create(['A'], 'requested (drift)');
    await runs.plan(named.run_id, [['A']], [], { paths: new Map(), context });
    expect(await runs.reconciled(named.run_id)).toBe(false);

    await runs.completeBatch(run.run_id, 0, { done: 2, failed: 0, fittedBy: 'x:1' });
    await runs.finishRun(run.run_id);
    expect(await runs.skuForecasts(run.run_id)).toEqual([]);
    expect(await runs.aggregates(run.run_id)).toBeUndefined();
  });
});
