import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { paragraphs, positiveInt } from './cli-options';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { eventually, metricValue, REPO_ROOT, ServiceProcess, sleep, Stack } from '@salescast/stack';
import { freshDatabase } from '@salescast/infra';
import { runPhase } from './phases';

/**
 * `npm run bench:ingest`: the two ways history gets in, on the same generated file, next to their
 * ceilings — `salescast backfill` (COPY) vs `psql \copy` into a bare table, and the live path
 * publish → Kafka → ingestion (a real process) → PostgreSQL vs Kafka's own ProducerPerformance —
 * with the peak RSS of each. Needs KAFKA_BROKERS and DATABASE_URL (`npm run -s infra:env`).
 *
 *   npm run bench:ingest -- --lines 10000000 --live-lines 1000000 [--data DIR] [--only copy,keyed,backfill,perf,live]
 *   (--help: what it does and needs)
 */

/** The parts of the bench, in the order they run whatever the order of `--only`. */
export const PARTS = ['copy', 'keyed', 'backfill', 'perf', 'live'] as const;
const DEFAULT_ONLY = 'copy,keyed,backfill,live,perf';

export interface Args {
  lines: number;
  liveLines: number;
  data: string;
  out: string;
  /** Parts to run (default all): copy, keyed, backfill, live, perf. */
  only: Set<string>;
}

const parts = (value: string): Set<string> => {
  const named = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = named.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length || !named.length)
    throw new InvalidArgumentError(
      `--only takes parts among ${PARTS.join(', ')}, comma-separated, got '${value}'`,
    );
  return new Set(named);
};

export function buildProgram(): Command {
  return new Command('bench:ingest')
    .description(
      paragraphs([
        'The two ways history gets in — `salescast backfill` (COPY) and the live path publish → Kafka → ingestion →',
        'PostgreSQL — measured on the same generated file, each next to its ceiling from the same run. The',
        'parts (--only), run in this order:',
        '',
        '- copy: psql \\copy of sales_lines.csv into a bare table (no key, no index): the ceiling of a COPY load.',
        "- keyed: the same into a table with order_lines' primary key (what any load that keeps the key pays).",
        '- backfill: `salescast backfill` into a fresh ingestion schema: sales_lines, then returns and the',
        'daily_sales rebuild.',
        "- perf: Kafka's own ProducerPerformance (--live-lines records of 80 B, acks=all): the ceiling of a",
        'publisher.',
        '- live: `salescast publish` of the first --live-lines lines → Kafka → the ingestion service (a real process',
        'on a fresh database) → PostgreSQL, timed until all are stored (then the consumer lag must return to 0);',
        'then the drain of the same lines published again with the service stopped (its own pace, start-up',
        'included).',
        '',
        'Columns: volume, time, throughput, the ratio to the ceiling, and the peak RSS of each process (backfill and',
        'publish run in a child process of their own).',
        '',
        'Needs KAFKA_BROKERS and DATABASE_URL (set -a; eval "$(npm run -s infra:env)"; set +a): unlike bench:faults',
        'and bench:training it starts no Kafka or PostgreSQL. Also: the built ingestion service (npm run',
        'bench:ingest builds it), psql on the PATH (copy, keyed), java and the Kafka jars of `npm run infra:jars`',
        '(perf), and tools/cli built (npm run build) the first time a data set is generated. The file is made once',
        'with `salescast generate --scale <lines / 85e6> --seed 7` into --data and reused while --data holds a',
        'sales_lines.csv (whatever --lines made it). The live part leaves its events on erp.sales-lines.v1 and',
        'sales.daily.v1: use a fresh broker (BENCHMARKS.md, "Ingest").',
        '',
        'Prints the table on stdout and progress on stderr; writes the figures to --out.',
      ]),
    )
    .option(
      '--lines <n>',
      'order lines of the generated data set (approximate: salescast generate --scale n / 85e6)',
      positiveInt('--lines'),
      10_000_000,
    )
    .option(
      '--live-lines <n>',
      'lines published on the live path, and records of ProducerPerformance',
      positiveInt('--live-lines'),
      1_000_000,
    )
    .option('--data <dir>', 'the data set directory (default: /tmp/salescast-ingest-bench-<lines>)')
    .option(
      '--out <file>',
      'where the figures go, as JSON',
      join(REPO_ROOT, '.infra', 'bench', 'ingest.json'),
    )
    .addOption(
      new Option('--only <parts>', `parts to run, comma-separated among ${PARTS.join(', ')}`)
        .argParser(parts)
        .default(new Set(DEFAULT_ONLY.split(',')), DEFAULT_ONLY),
    )
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npm run bench:ingest -- --lines 10000000 --live-lines 1000000 --data /tmp/ingest-data/10m',
        '  npm run bench:ingest -- --lines 85000000 --data /tmp/ingest-data/85m --only copy,backfill',
        '  npm run bench:ingest -- --lines 100000 --live-lines 10000 --only backfill,live   # a quick check',
      ].join('\n'),
    );
}

/** The options of `argv` (the user's arguments, without node and the script). */
export function parseArgs(argv: string[], program = buildProgram()): Args {
  const o = program.parse(argv, { from: 'user' }).opts<Omit<Args, 'data'> & { data?: string }>();
  return {
    lines: o.lines,
    liveLines: o.liveLines,
    data: o.data ?? join('/tmp', `salescast-ingest-bench-${o.lines}`),
    out: o.out,
    only: o.only,
  };
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run with the variables of 'npm run -s infra:env'`);
  return v;
}

const log = (m: string) => process.stderr.write(`[bench:ingest] ${m}\n`);

/** The generated data set for `lines` order lines (made once with `salescast generate`, then reused). */
function ensureData(args: Args): void {
  if (existsSync(join(args.data, 'sales_lines.csv'))) return;
  log(`generating ~${args.lines.toLocaleString('en-US')} lines into ${args.data}`);
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'tools/cli/bin/salescast.js'),
      'generate',
      '--out',
      args.data,
      '--scale',
      String(args.lines / 85e6),
      '--seed',
      '7',
    ],
    {
      stdio: 'inherit',
    },
  );
}

function countLines(path: string): number {
  return Number(
    execFileSync('sh', ['-c', `tail -n +2 '${path}' | wc -l`])
      .toString()
      .trim(),
  );
}

/**
 * The ceiling of a COPY load: psql's \copy of the same CSV into a table without keys or indexes; with
 * `keyed`, into a table with order_lines' primary key (what any load that keeps the key pays).
 */
async function psqlCopy(file: string, keyed = false): Promise<{ seconds: number; rows: number }> {
  const db = await freshDatabase('bench_psql_copy');
  try {
    const key = keyed ? ', PRIMARY KEY (order_id, line_no)' : '';
    const sql = `CREATE TABLE bare (order_id text, line_no int, sku text, quantity int, unit_price float8, ordered_at timestamptz${key})`;
    execFileSync('psql', [db.url, '-q', '-c', sql]);
    const started = Date.now();
    const out = spawnSync(
      'psql',
      [db.url, '-c', `\\copy bare FROM '${file}' WITH (FORMAT csv, HEADER true)`],
      { encoding: 'utf8' },
    );
    if (out.status !== 0) throw new Error(`psql \\copy failed: ${out.stderr}`);
    const seconds = (Date.now() - started) / 1000;
    return { seconds, rows: Number(/COPY (\d+)/.exec(out.stdout)?.[1] ?? 0) };
  } finally {
    await db.drop();
  }
}

/** A fresh database whose ingestion schema the service created (started once, then stopped). */
async function ingestionDatabase(label: string) {
  const db = await freshDatabase(label);
  const stack = await Stack.create(db.url, ['ingestion'], { LOG_LEVEL: 'warn' });
  await stack.startAll();
  await stack.stopAll();
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    'TRUNCATE ingestion.order_lines, ingestion.returns, ingestion.daily_sales, ingestion.outbox',
  );
  await client.end();
  return db;
}

async function count(url: string, sql: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query(sql)).rows[0].n);
  } finally {
    await c.end();
  }
}

/**
 * The live path end to end: the ingestion service runs as a real process on a fresh database; the
 * first `liveLines` lines are published; the clock stops when all of them are stored and the
 * consumer lag is back to 0. The service's RSS is sampled from its /metrics all along.
 */
async function livePath(args: Args, brokers: string) {
  await skipBacklog(brokers);
  const db = await freshDatabase('bench_live');
  const stack = await Stack.create(db.url, ['ingestion'], { LOG_LEVEL: 'warn' });
  const ingestion = stack.get('ingestion');
  await stack.startAll();
  try {
    const table = 'SELECT count(*) AS n FROM ingestion.order_lines';
    // the service's group may still be reading older events of the shared topic: wait until it is idle
    let before = -1;
    for (let now = await count(db.url, table); now !== before; now = await count(db.url, table)) {
      before = now;
      await sleep(3000);
    }
    let peakRss = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rss = metricValue(await ingestion.metrics(), 'process_resident_memory_bytes') ?? 0;
        peakRss = Math.max(peakRss, rss);
        await sleep(500);
      }
    })();
    const started = Date.now();
    const publisher = await runPhase('publish', { brokers, dataDir: args.data, limit: args.liveLines });
    const publishedAt = Date.now();
    await eventually(
      `${args.liveLines} lines stored`,
      async () => ((await count(db.url, table)) - before >= args.liveLines ? true : undefined),
      30 * 60_000,
      200,
    );
    const storedAt = Date.now();
    await eventually('consumer lag 0', async () => {
      const text = await ingestion.metrics();
      const lags = text
        .split('\n')
        .filter(
          (l) => l.startsWith('salescast_kafka_consumer_lag_messages{') && l.includes('erp.sales-lines.v1'),
        );
      return lags.length > 0 && lags.every((l) => Number(l.split(' ').pop()) === 0) ? true : undefined;
    });
    sampling = false;
    await sampler;
    const drain = await drainRate(ingestion, args);
    const stored = (await count(db.url, table)) - before;
    return {
      publisher,
      publishSeconds: (publishedAt - started) / 1000,
      endToEndSeconds: (storedAt - started) / 1000,
      stored,
      ingestionPeakRssMb: Math.round(peakRss / 2 ** 20),
      drain,
    };
  } finally {
    await stack.stopAll();
    await db.drop();
  }
}

/**
 * Moves the ingestion consumer group past whatever earlier runs left unconsumed on the shared topic
 * (same file, same keys: a backlog would make the live lines look like duplicates). The group must be
 * inactive, i.e. before the service starts.
 */
async function skipBacklog(brokers: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'bench-ingest',
    brokers: brokers.split(','),
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    const groups = await admin.listGroups();
    if (groups.groups.some((g) => g.groupId === 'ingestion.sales-lines'))
      // explicit high watermarks: kafkajs' resetOffsets(latest) commits -1, which a consumer with
      // fromBeginning reads as "no offset" and starts from the beginning
      await admin.setOffsets({
        groupId: 'ingestion.sales-lines',
        topic: 'erp.sales-lines.v1',
        partitions: (await admin.fetchTopicOffsets('erp.sales-lines.v1')).map((p) => ({
          partition: p.partition,
          offset: p.high,
        })),
      });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The consumer's own pace, without the publisher in front of it: with the service stopped, the same
 * lines are published again (new events, same keys), then the service is started and the clock runs
 * until it has consumed them all. Rows are already stored, so this is decode + validate + one
 * idempotent transaction per batch — the work of a redelivery — plus the service's start-up.
 */
async function drainRate(ingestion: ServiceProcess, args: Args) {
  await ingestion.stop();
  const published = await runPhase('publish', {
    brokers: env('KAFKA_BROKERS'),
    dataDir: args.data,
    limit: args.liveLines,
  });
  const started = Date.now();
  await ingestion.start();
  const consumed = async () =>
    metricValue(await ingestion.metrics(), 'salescast_kafka_messages_consumed_total', {
      topic: 'erp.sales-lines.v1',
    }) ?? 0;
  await eventually(
    `${args.liveLines} redelivered lines consumed`,
    async () => ((await consumed()) >= args.liveLines ? true : undefined),
    30 * 60_000,
    200,
  );
  const seconds = (Date.now() - started) / 1000;
  return { events: published.figures.events, seconds, eventsPerSecond: published.figures.events / seconds };
}

/** Kafka's own producer benchmark on this broker: the ceiling of what a client can publish. */
function producerPerformance(brokers: string, records: number): { recordsPerSecond: number; line: string } {
  const cache =
    process.env.SALESCAST_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(process.env.HOME ?? '/root', '.cache'), 'salescast');
  const libs = join(cache, 'kafka-4.4.0', 'libs');
  const out = execFileSync(
    'java',
    [
      '-Xmx512m',
      '-cp',
      `${libs}/*`,
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      'bench.producer-performance',
      '--num-records',
      String(records),
      '--record-size',
      '80',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${brokers}`,
      'acks=all',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = out.trim().split('\n').pop() ?? '';
  const m = /([\d.]+) records\/sec/.exec(line);
  return { recordsPerSecond: m ? Number(m[1]) : NaN, line };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(args: Args): Promise<void> {
  const brokers = env('KAFKA_BROKERS');
  env('DATABASE_URL');
  ensureData(args);
  const file = join(args.data, 'sales_lines.csv');
  const lines = countLines(file);
  log(`${file}: ${fmt(lines)} lines`);

  const rows: string[][] = [];
  const results: Record<string, unknown> = { args: { ...args, only: [...args.only] }, lines };
  let copyRate = NaN;
  if (args.only.has('copy')) {
    log('psql \\copy into a bare table');
    const ceiling = (results.ceiling = await psqlCopy(file));
    copyRate = ceiling.rows / ceiling.seconds;
    rows.push([
      'psql \\copy → bare table (ceiling)',
      `${fmt(ceiling.rows)} rows`,
      `${ceiling.seconds.toFixed(1)} s`,
      `${fmt(copyRate)} rows/s`,
      '1.00×',
      'psql',
    ]);
  }
  if (args.only.has('keyed')) {
    log('psql \\copy into a table with the primary key');
    const keyed = (results.keyedCopy = await psqlCopy(file, true));
    const rate = keyed.rows / keyed.seconds;
    rows.push([
      '  psql \\copy → table with the primary key',
      `${fmt(keyed.rows)} rows`,
      `${keyed.seconds.toFixed(1)} s`,
      `${fmt(rate)} rows/s`,
      `${(rate / copyRate).toFixed(2)}×`,
      'psql',
    ]);
  }
  if (args.only.has('backfill')) {
    log('salescast backfill');
    const target = await ingestionDatabase('bench_backfill');
    const loaded = (results.backfill = await runPhase('backfill', {
      databaseUrl: target.url,
      dataDir: args.data,
      rejectsPath: join(args.data, 'bench-rejects.csv'),
    }));
    await target.drop();
    const f = loaded.figures;
    const rate = f.lines / f.lineSeconds;
    rows.push([
      'salescast backfill: sales_lines',
      `${fmt(f.lines)} rows`,
      `${f.lineSeconds.toFixed(1)} s`,
      `${fmt(rate)} rows/s`,
      `${(rate / copyRate).toFixed(2)}×`,
      `${loaded.peakRssMb} MB`,
    ]);
    rows.push([
      '  + returns + daily_sales rebuild',
      `${fmt(f.returns)} returns, ${fmt(f.rebuiltDays)} SKU-days`,
      `${f.totalSeconds.toFixed(1)} s total`,
      `rebuild ${f.rebuildSeconds.toFixed(1)} s`,
      '',
      '',
    ]);
  }
  let perfRate = NaN;
  if (args.only.has('perf')) {
    log('Kafka ProducerPerformance');
    const perf = (results.producerPerformance = producerPerformance(brokers, args.liveLines));
    perfRate = perf.recordsPerSecond;
    rows.push([
      'Kafka ProducerPerformance (ceiling)',
      `${fmt(args.liveLines)} × 80 B`,
      '',
      `${fmt(perfRate)} rec/s`,
      '1.00×',
      'java',
    ]);
  }
  if (args.only.has('live')) {
    log(`live path with ${fmt(args.liveLines)} lines`);
    const live = (results.live = await livePath(args, brokers));
    const publishRate = live.publisher.figures.events / live.publisher.figures.seconds;
    const liveRate = live.stored / live.endToEndSeconds;
    rows.push([
      'salescast publish',
      `${fmt(live.publisher.figures.events)} events`,
      `${live.publisher.figures.seconds.toFixed(1)} s`,
      `${fmt(publishRate)} ev/s`,
      `${(publishRate / perfRate).toFixed(2)}×`,
      `${live.publisher.peakRssMb} MB`,
    ]);
    rows.push([
      'publish → Kafka → ingestion → PG',
      `${fmt(live.stored)} lines`,
      `${live.endToEndSeconds.toFixed(1)} s`,
      `${fmt(liveRate)} lines/s`,
      `${(liveRate / perfRate).toFixed(2)}×`,
      `${live.ingestionPeakRssMb} MB (service)`,
    ]);
    rows.push([
      'ingestion alone: drain of a backlog',
      `${fmt(live.drain.events)} events`,
      `${live.drain.seconds.toFixed(1)} s`,
      `${fmt(live.drain.eventsPerSecond)} ev/s`,
      `${(live.drain.eventsPerSecond / perfRate).toFixed(2)}×`,
      'incl. start-up',
    ]);
  }
  const header = ['path', 'volume', 'time', 'throughput', 'vs ceiling', 'peak RSS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log(
    [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n'),
  );
  console.log(
    `machine: ${cpus().length} CPUs (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GB RAM`,
  );

  mkdirSync(join(args.out, '..'), { recursive: true });
  writeFileSync(args.out, JSON.stringify(results, null, 2));
  log(`figures written to ${args.out}`);
}

if (require.main === module)
  main(parseArgs(process.argv.slice(2))).catch((e) => {
    console.error(e);
    process.exit(1);
  });
