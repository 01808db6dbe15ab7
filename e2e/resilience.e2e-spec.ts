import { status } from '@grpc/grpc-js';
import { api, dlqTopic, events, Topic } from '@salescast/contracts';
import { freshDatabase, restartableInfra } from '@salescast/infra';
import { call, connect } from '@salescast/platform/grpc/client';
import {
  DrillReport,
  eventually,
  Fault,
  metricValue,
  runFaultDrill,
  ServiceName,
  ServiceProcess,
  freePort,
  Stack,
} from '@salescast/stack';
import fc from 'fast-check';
import { Pool } from 'pg';
import { ErpPublisher, generateLines, readDeadLetters } from './support/erp';
import { apiMethods, ERP_TOPICS, fuzzMessages } from './support/fuzz';

const SERVICES: ServiceName[] = ['ingestion', 'feature-store', 'training', 'prediction', 'alerting'];

/**
 * Faults, measured (at a small size; `npm run bench:faults` runs the same drill at 1 M lines), graceful
 * shutdown, bad input at every door, and training spread over two processes — on one stack of the five
 * services as real processes, a real broker and a real database.
 */
describe('resilience', () => {
  const run = Date.now().toString(36);
  let stack: Stack;
  let url: string;
  // a pool, not one client: the drill restarts PostgreSQL, which cuts every connection
  let db: Pool;
  let erp: ErpPublisher;
  let drillSkus: string[] = [];

  beforeAll(async () => {
    url = (await freshDatabase('e2e_resilience')).url;
    stack = await Stack.create(url, SERVICES, {
      TRAINING_MEMBERS: 'snaive',
      TRAINING_HORIZON_DAYS: '14',
      TRAINING_WORKERS: '1',
    });
    // in parallel: on a loaded machine each start takes a while
    await Promise.all([...stack.services.values()].map((svc) => svc.start()));
    db = new Pool({ connectionString: url, max: 2 });
    db.on('error', () => undefined);
    erp = new ErpPublisher();
    await erp.connect();
  }, 900_000);

  afterAll(async () => {
    await erp?.close();
    await db?.end().catch(() => undefined);
    await stack?.stopAll();
  });

  it('loses, duplicates and miscounts nothing when every service is SIGKILLed and Kafka and PostgreSQL restart mid-publish', async () => {
    const faults: Fault[] = SERVICES.map((service) => ({ kind: 'kill', service }) as Fault);
    if (await restartableInfra()) faults.push({ kind: 'restart-kafka' }, { kind: 'restart-postgres' });
    else
      process.stderr.write("[resilience] Kafka/PostgreSQL are not infra.sh's: their restarts are left out\n");
    const report: DrillReport = await runFaultDrill({
      stack,
      databaseUrl: url,
      lines: 6_000,
      skus: 12,
      faults,
      chunk: 500,
      log: (m) => process.stderr.write(`[resilience] ${m}\n`),
    });
    process.stderr.write(`[resilience] ${JSON.stringify(report)}\n`);
    expect(report.faults.map((f) => f.fault)).toHaveLength(faults.length);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.wrongDays).toEqual({ ingestion: 0, featureStore: 0 });
    expect(Object.values(report.lag).every((l) => l === 0)).toBe(true);
    drillSkus = (
      await db.query(`SELECT DISTINCT sku FROM feature_store.daily_series WHERE sku LIKE $1 ORDER BY sku`, [
        `${report.prefix}-SKU-%`,
      ])
    ).rows.map((r) => r.sku);
  }, 1_200_000);

  it('finishes and commits the in-flight batch on SIGTERM, and nothing is redelivered after the restart', async () => {
    const ingestion = stack.get('ingestion');
    const lines = generateLines([`TERM-${run}-A`, `TERM-${run}-B`], '2024-06-01', 200, 5);
    const publishing = erp.publishLines(lines, 500);
    await eventually('ingestion to be mid-stream', async () => {
      const v = metricValue(await ingestion.metrics(), 'salescast_ingestion_lines_stored_total');
      return v !== undefined && v > 0 ? v : undefined;
    });
    expect(await ingestion.stop()).toBe(0); // SIGTERM: a clean exit
    await publishing;
    await ingestion.start();
    const count = async () =>
      Number(
        (
          await db.query(`SELECT count(*) AS n FROM ingestion.order_lines WHERE sku LIKE $1`, [
            `TERM-${run}-%`,
          ])
        ).rows[0].n,
      );
    await eventually(
      'every line stored',
      async () => ((await count()) === lines.length ? true : undefined),
      120_000,
      500,
    );
    // the rows are visible as soon as the batch's transaction commits; its offset commit (and the
    // consumed counter) follows a moment later, so wait for the counter to catch up before comparing
    const counts = async () => {
      const metrics = await ingestion.metrics();
      return {
        consumed:
          metricValue(metrics, 'salescast_kafka_messages_consumed_total', { topic: 'erp.sales-lines.v1' }) ??
          0,
        stored: metricValue(metrics, 'salescast_ingestion_lines_stored_total') ?? 0,
      };
    };
    const { consumed, stored } = await eventually(
      'the consumed counter to catch up with the stored lines',
      async () => {
        const c = await counts();
        return c.stored > 0 && c.consumed >= c.stored ? c : undefined;
      },
      60_000,
      500,
    );
    // every line is new: a message the stopped process had handled would be consumed again without being stored
    expect(stored).toBeGreaterThan(0);
    expect(consumed).toBe(stored);
  }, 600_000);

  it.each(Object.keys(ERP_TOPICS))(
    'dead-letters fuzzed protobuf and JSON on %s with a reason, and keeps consuming',
    async (topic) => {
      const messages = fuzzMessages(topic as Topic, 25, run.length + topic.length);
      expect(messages.length).toBeGreaterThanOrEqual(20);
      const keys = messages.map((_, i) => `FZ-${run}-${topic}-${i}`);
      for (let i = 0; i < messages.length; i++)
        await erp.publishRaw(topic, keys[i], messages[i].value, messages[i].headers);
      // a valid message after the fuzz: the consumer must still be moving
      const sentinel = `FZ-${run}-${topic}-ok`;
      await publishValid(erp, topic as Topic, sentinel);
      const dead = await readDeadLetters(
        dlqTopic(topic),
        (all) => keys.every((k) => all.some((d) => d.key === k)),
        90_000,
      );
      for (const [i, key] of keys.entries()) {
        const d = dead.find((x) => x.key === key);
        expect({ key, kind: messages[i].kind, dead: !!d }).toEqual({
          key,
          kind: messages[i].kind,
          dead: true,
        });
        expect(d?.headers['x-error']).toBeTruthy();
        expect(d?.headers['x-source-topic']).toBe(topic);
      }
      await eventually(
        `the valid message after the fuzz on ${topic} to be stored`,
        () => storedSentinel(db, topic as Topic, sentinel),
        90_000,
        500,
      );
    },
    300_000,
  );

  it('answers fuzzed gRPC requests to every RPC with OK, INVALID_ARGUMENT or NOT_FOUND — never INTERNAL, never a crash', async () => {
    const serving: Record<string, ServiceName> = {
      FeatureService: 'feature-store',
      TrainingService: 'training',
      ForecastService: 'prediction',
      MonitoringService: 'alerting',
    };
    const allowed = new Set([status.OK, status.INVALID_ARGUMENT, status.NOT_FOUND]);
    const methods = apiMethods();
    const unmapped = [...new Set(methods.map((m) => m.service))].filter((s) => !serving[s]);
    if (unmapped.length)
      process.stderr.write(`[resilience] no process mapped for ${unmapped.join(', ')}: not fuzzed\n`);
    const seen: string[] = [];
    for (const m of methods.filter((x) => serving[x.service])) {
      const svc = stack.get(serving[m.service]);
      const Ctor = (api as unknown as Record<string, new (...a: never[]) => never>)[`${m.service}Client`];
      const client = connect(Ctor as never, svc.grpcAddress) as unknown as Record<string, never> & {
        close(): void;
      };
      await fc.assert(
        fc.asyncProperty(m.request, async (req) => {
          const code = await call(client as never, client[m.method], req as never, 15_000).then(
            () => status.OK,
            (e: { code: number; details?: string }) => {
              if (!allowed.has(e.code))
                throw new Error(`${m.service}.${m.method} answered ${status[e.code]}: ${e.details}`);
              return e.code;
            },
          );
          return allowed.has(code);
        }),
        { numRuns: 40, seed: 42 },
      );
      client.close();
      seen.push(`${m.service}.${m.method}`);
      expect((await fetch(`${svc.httpUrl}/health/live`)).ok).toBe(true);
    }
    expect(seen.length).toBeGreaterThanOrEqual(7);
  }, 600_000);

  it('splits a training run over two processes: every SKU fitted by one of them, none twice', async () => {
    expect(drillSkus.length).toBeGreaterThanOrEqual(8);
    const second = new ServiceProcess(
      'training',
      await freePort(),
      await freePort(),
      {
        DATABASE_URL: url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
        FEATURE_SERVICE_ADDR: stack.get('feature-store').grpcAddress,
        TRAINING_CRON: 'off',
        TRAINING_MEMBERS: 'snaive',
        TRAINING_HORIZON_DAYS: '14',
        TRAINING_WORKERS: '1',
        LOG_LEVEL: 'info',
      },
      'training-2',
    );
    await second.start();
    try {
      const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
      // both replicas must hold partitions before the jobs go out
      await eventually('both replicas in the training.jobs group', async () => {
        const joined = await Promise.all(
          [stack.get('training'), second].map(
            async (p) =>
              metricValue(await p.metrics(), 'salescast_kafka_consumer_rebalances_total', {
                group: 'training.jobs',
              }) ?? 0,
          ),
        );
        return joined.every((n) => n > 0) ? true : undefined;
      });
      const { run: started } = await call(training, training.startRun, {
        skus: drillSkus,
        reason: 'scale-out e2e',
      });
      const done = await eventually(
        'the run to finish',
        async () => {
          const { run: r } = await call(training, training.getRun, { runId: started!.runId });
          return r &&
            r.status !== api.TrainingRunStatus.TRAINING_RUN_STATUS_RUNNING &&
            r.status !== api.TrainingRunStatus.TRAINING_RUN_STATUS_QUEUED
            ? r
            : undefined;
        },
        240_000,
        500,
      );
      training.close();
      expect(done.status).toBe(api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED);
      const fitted = (
        await db.query(
          `SELECT sku, count(*)::int AS n FROM training.model_versions WHERE run_id = $1 GROUP BY sku ORDER BY sku`,
          [started!.runId],
        )
      ).rows as Array<{ sku: string; n: number }>;
      expect(fitted.map((r) => r.sku)).toEqual([...drillSkus].sort());
      expect(fitted.filter((r) => r.n !== 1)).toEqual([]);
      const by = (
        await db.query(
          `SELECT fitted_by, count(*)::int AS batches FROM training.run_batches WHERE run_id = $1 GROUP BY 1`,
          [started!.runId],
        )
      ).rows as Array<{ fitted_by: string; batches: number }>;
      expect(by).toHaveLength(2); // both processes fitted batches
    } finally {
      await second.stop();
    }
  }, 600_000);
});

async function publishValid(erp: ErpPublisher, topic: Topic, key: string): Promise<void> {
  const at = new Date('2024-05-01T10:00:00Z');
  switch (topic) {
    case 'erp.sales-lines.v1':
      return erp.publish(topic, key, {
        orderId: key,
        lineNo: 1,
        sku: key,
        quantity: 1,
        unitPrice: 1,
        orderedAt: at,
      });
    case 'erp.returns.v1':
      return erp.publish(topic, key, { returnId: key, orderId: key, sku: key, quantity: 1, returnedAt: at });
    case 'erp.skus.v1':
      return erp.publish(topic, key, {
        sku: key,
        name: 'fuzz sentinel',
        category: 'c',
        unitPrice: 1,
        launchedOn: '',
        discontinuedOn: '',
      });
    case 'erp.supply-terms.v1':
      return erp.publish(topic, key, {
        sku: key,
        supplier: 's',
        moq: 1,
        leadTimeDays: 2,
        packSize: 1,
        reviewDays: 7,
      });
    case 'erp.business-events.v1':
      return erp.publish(topic, key, {
        kind: events.BusinessEventKind.BUSINESS_EVENT_KIND_PROMOTION,
        startsOn: '2024-05-01',
        endsOn: '',
        scope: `sku:${key}`,
        description: 'fuzz sentinel',
      });
    default:
      throw new Error(`no valid message for ${topic}`);
  }
}

async function storedSentinel(db: Pool, topic: Topic, key: string): Promise<true | undefined> {
  const table: Record<string, [string, string]> = {
    'erp.sales-lines.v1': ['order_lines', 'order_id'],
    'erp.returns.v1': ['returns', 'return_id'],
    'erp.skus.v1': ['skus', 'sku'],
    'erp.supply-terms.v1': ['supply_terms', 'sku'],
    'erp.business-events.v1': ['business_events', 'scope'],
  };
  const [t, col] = table[topic];
  // a business event's natural key is its scope, and a valid scope names the SKU it is about
  const value = topic === 'erp.business-events.v1' ? `sku:${key}` : key;
  const { rows } = await db.query(`SELECT 1 FROM ingestion.${t} WHERE ${col} = $1`, [value]);
  return rows.length ? true : undefined;
}
