import { createEnvelope, encodePayload, events } from '@salescast/contracts';
import { injectFault, restartableInfra } from '@salescast/infra';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Client } from 'pg';
import { ServiceName } from './processes';
import { eventually, sleep } from './processes';
import { kafkaBrokers, Stack } from './stack';

/** One fault of the drill: a service killed with SIGKILL (then started again), or a restart of the broker or the database. */
export type Fault =
  { kind: 'kill'; service: ServiceName } | { kind: 'restart-kafka' } | { kind: 'restart-postgres' };

export const faultName = (f: Fault) => (f.kind === 'kill' ? `SIGKILL ${f.service}` : f.kind);

export interface FaultOutcome {
  fault: string;
  /** Order lines published when it was injected. */
  atLine: number;
  /** Seconds from the fault until the process, broker or database answered again. */
  backSeconds: number;
  /** Seconds from the fault until ingestion stored new order lines again (the pipeline moves). */
  progressSeconds: number;
}

export interface DrillReport {
  /** Prefix of the drill's order ids and SKUs (`<prefix>-SKU-<n>`). */
  prefix: string;
  lines: number;
  skus: number;
  days: number;
  publishSeconds: number;
  /** Seconds from the end of the publish until every total was right and every lag 0. */
  drainSeconds: number;
  faults: FaultOutcome[];
  /** Published lines not stored by ingestion. */
  lost: number;
  /** Stored rows beyond one per published line (0 by the primary key; counted, not assumed). */
  duplicated: number;
  /** SKU-days whose totals differ from the source, in ingestion's daily_sales and the feature store. */
  wrongDays: { ingestion: number; featureStore: number };
  /** Consumer lag, per group, once everything was consumed. */
  lag: Record<string, number>;
  /** Sends the ERP publisher had to retry (broker away): duplicates on the topic, not in the tables. */
  publishRetries: number;
}

export interface DrillOptions {
  stack: Stack;
  /** The stack's database (the drill's lines and SKUs carry a prefix of their own). */
  databaseUrl: string;
  lines: number;
  skus?: number;
  faults: Fault[];
  /** Lines per ERP send (default 2 000). */
  chunk?: number;
  log?: (message: string) => void;
}

/** The i-th order line of the drill's source: a pure function, so a million lines need no memory. */
export function drillLine(prefix: string, i: number, skus: number, days: number) {
  const s = i % skus;
  const d = Math.floor(i / skus) % days;
  return {
    orderId: `${prefix}-${i}`,
    lineNo: 1,
    sku: `${prefix}-SKU-${s}`,
    quantity: 1 + (i % 3),
    unitPrice: 10 + s,
    orderedAt: new Date(Date.UTC(2024, 0, 1) + d * 86_400_000 + (i % 24) * 3_600_000),
  };
}

/** The consumer groups on the ingest path and the topics they read (lag must return to 0). */
const GROUPS: Array<[group: string, topic: string, service: ServiceName]> = [
  ['ingestion.sales-lines', 'erp.sales-lines.v1', 'ingestion'],
  ['feature-store.daily-series', 'sales.daily.v1', 'feature-store'],
  ['alerting.actuals', 'sales.daily.v1', 'alerting'],
];

/** Messages a group has not committed yet on `topic`, over all partitions. */
export async function consumerLag(kafka: Kafka, group: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: group, topics: [topic] }),
    ]);
    let lag = 0;
    for (const p of ends) {
      const c = Number(committed?.partitions.find((x) => x.partition === p.partition)?.offset ?? -1);
      lag += Number(p.high) - (c < 0 ? Number(p.low) : c);
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The fault drill: publishes `lines` ERP order lines while each fault of `faults` happens in turn,
 * evenly spread over the publish (the publisher waits at each fault's point until it was injected, so
 * every fault falls mid-stream), then reconciles the tables with the source: lines lost or duplicated,
 * every daily total in ingestion and in the feature store, and the consumer lag of the ingest path.
 */
export async function runFaultDrill(opts: DrillOptions): Promise<DrillReport> {
  const log = opts.log ?? (() => undefined);
  const skus = opts.skus ?? 40;
  const days = Math.max(1, Math.min(730, Math.ceil(opts.lines / skus / 4)));
  const chunk = opts.chunk ?? 2000;
  const prefix = `D${Date.now().toString(36)}`;
  const needsInfra = opts.faults.some((f) => f.kind !== 'kill');
  if (needsInfra && !(await restartableInfra()))
    throw new Error(
      'the drill restarts Kafka and PostgreSQL: they must be the ones of tools/infra/infra.sh (npm run infra:up)',
    );

  const kafka = new Kafka({
    clientId: 'fault-drill-erp',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  });
  let producer: Producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  let db = new Client({ connectionString: opts.databaseUrl });
  await db.connect();
  db.on('error', () => undefined);
  const query = async <T>(sql: string): Promise<T[]> => {
    for (;;) {
      try {
        return (await db.query(sql)).rows as T[];
      } catch {
        // the database restarts during the drill: reconnect
        await db.end().catch(() => undefined);
        await sleep(500);
        db = new Client({ connectionString: opts.databaseUrl });
        db.on('error', () => undefined);
        await db.connect().catch(() => undefined);
      }
    }
  };
  const mine = `order_id LIKE '${prefix}-%'`;
  const mySkus = `sku LIKE '${prefix}-SKU-%'`;
  const stored = async () =>
    Number(
      (await query<{ n: string }>(`SELECT count(*) AS n FROM ingestion.order_lines WHERE ${mine}`))[0].n,
    );

  let published = 0;
  let injected = 0;
  let publishRetries = 0;
  const points = opts.faults.map((_, i) => Math.floor(((i + 1) * opts.lines) / (opts.faults.length + 1)));
  const started = Date.now();
  const publishing = (async () => {
    for (let from = 0; from < opts.lines; from += chunk) {
      // hold at the next fault's point until it has been injected
      while (injected < points.length && from >= points[injected]) await sleep(50);
      const to = Math.min(opts.lines, from + chunk);
      const messages = [];
      for (let i = from; i < to; i++) {
        const l = drillLine(prefix, i, skus, days);
        messages.push({
          key: l.sku,
          value: encodePayload(events.SalesLineRecorded, {
            envelope: createEnvelope('erp.sales-lines.v1', l.sku),
            ...l,
          }),
        });
      }
      for (;;) {
        try {
          await producer.send({ topic: 'erp.sales-lines.v1', acks: -1, messages });
          break;
        } catch {
          // the broker is away: send the chunk again (the ERP's at-least-once); ingestion deduplicates
          publishRetries++;
          await producer.disconnect().catch(() => undefined);
          await sleep(1000);
          producer = kafka.producer({ allowAutoTopicCreation: true });
          await producer.connect().catch(() => undefined);
        }
      }
      published = to;
    }
  })();

  const outcomes: FaultOutcome[] = [];
  for (let i = 0; i < opts.faults.length; i++) {
    const fault = opts.faults[i];
    await eventually(
      `the publish to reach line ${points[i]}`,
      async () => (published >= points[i] ? true : undefined),
      3_600_000,
      50,
    );
    const before = await stored();
    const t0 = Date.now();
    const atLine = published;
    log(`${faultName(fault)} at line ${atLine.toLocaleString('en-US')}`);
    if (fault.kind === 'kill') {
      const svc = opts.stack.get(fault.service);
      await svc.kill();
      injected++;
      await svc.start();
    } else {
      injected++;
      await injectFault(fault.kind);
    }
    const backSeconds = (Date.now() - t0) / 1000;
    await eventually(
      `ingestion to store lines again after ${faultName(fault)}`,
      async () => ((await stored()) > before || published >= opts.lines ? true : undefined),
      600_000,
      200,
    );
    const progressSeconds = (Date.now() - t0) / 1000;
    outcomes.push({ fault: faultName(fault), atLine, backSeconds, progressSeconds });
    log(`  back after ${backSeconds.toFixed(1)} s, lines stored again after ${progressSeconds.toFixed(1)} s`);
  }
  await publishing;
  const publishSeconds = (Date.now() - started) / 1000;
  log(`published ${opts.lines.toLocaleString('en-US')} lines in ${publishSeconds.toFixed(1)} s; reconciling`);

  // the source's daily totals
  const expected = new Map<string, { q: number; n: number }>();
  for (let i = 0; i < opts.lines; i++) {
    const l = drillLine(prefix, i, skus, days);
    const k = `${l.sku}|${l.orderedAt.toISOString().slice(0, 10)}`;
    const e = expected.get(k) ?? { q: 0, n: 0 };
    e.q += l.quantity;
    e.n += 1;
    expected.set(k, e);
  }
  const expectedQuantity = [...expected.values()].reduce((s, e) => s + e.q, 0);
  const drainStart = Date.now();
  await eventually(
    'every line stored and every total in the feature store',
    async () => {
      const [{ n }] = await query<{ n: string }>(
        `SELECT count(*) AS n FROM ingestion.order_lines WHERE ${mine}`,
      );
      if (Number(n) < opts.lines) return undefined;
      const [{ q }] = await query<{ q: number }>(
        `SELECT coalesce(sum(quantity), 0)::float8 AS q FROM feature_store.daily_series WHERE ${mySkus}`,
      );
      return q === expectedQuantity ? true : undefined;
    },
    1_800_000,
    500,
  );
  const lag: Record<string, number> = {};
  for (const [group, topic, service] of GROUPS) {
    if (!opts.stack.services.has(service)) continue;
    lag[group] = await eventually(
      `consumer lag of ${group} to return to 0`,
      async () => ((await consumerLag(kafka, group, topic)) === 0 ? 0 : undefined),
      300_000,
      500,
    );
  }
  const drainSeconds = (Date.now() - drainStart) / 1000;

  const [{ n, distinct }] = await query<{ n: string; distinct: string }>(
    `SELECT count(*) AS n, count(DISTINCT (order_id, line_no)) AS distinct FROM ingestion.order_lines WHERE ${mine}`,
  );
  const wrong = async (table: string) => {
    const rows = await query<{ sku: string; day: string; quantity: number; n: number | null }>(
      `SELECT sku, to_char(day, 'YYYY-MM-DD') AS day, quantity, order_lines AS n FROM ${table} WHERE ${mySkus}`,
    );
    let bad = Math.abs(rows.length - expected.size);
    for (const r of rows) {
      const e = expected.get(`${r.sku}|${r.day}`);
      if (!e || e.q !== Number(r.quantity) || e.n !== Number(r.n)) bad++;
    }
    return bad;
  };
  const report: DrillReport = {
    prefix,
    lines: opts.lines,
    skus,
    days,
    publishSeconds,
    drainSeconds,
    faults: outcomes,
    lost: opts.lines - Number(distinct),
    duplicated: Number(n) - Number(distinct),
    wrongDays: {
      ingestion: await wrong('ingestion.daily_sales'),
      featureStore: await wrong('feature_store.daily_series'),
    },
    lag,
    publishRetries,
  };
  await producer.disconnect().catch(() => undefined);
  await db.end().catch(() => undefined);
  return report;
}
