import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { paragraphs, positiveInt } from './cli-options';
import { freshDatabase, startLocalInfra, stopLocalInfra } from '@salescast/infra';
import { Fault, REPO_ROOT, runFaultDrill, ServiceName, Stack } from '@salescast/stack';

/**
 * `npm run bench:faults`: the fault drill at scale — publishes `--lines` ERP order lines (default
 * 1 000 000) through the five services while each service is SIGKILLed once and restarted, the Kafka
 * broker restarts and PostgreSQL restarts, then reconciles with the source (0 lost, 0 duplicated, every
 * daily total exact, consumer lag 0) and prints the time to recover from each fault. Uses the local
 * infrastructure of tools/infra (started when not running), which it restarts.
 *
 *   nice -n 10 npm run bench:faults -- [--lines 1000000] [--skus 200]   (--help: what it does and needs)
 */
const SERVICES: ServiceName[] = ['ingestion', 'feature-store', 'training', 'prediction', 'alerting'];

export interface FaultsOptions {
  /** ERP order lines published during the drill. */
  lines: number;
  /** SKUs the lines are spread over. */
  skus: number;
}

export function buildProgram(): Command {
  return new Command('bench:faults')
    .description(
      paragraphs([
        'The fault drill at scale: publishes --lines ERP order lines (over --skus SKUs, in sends of 5,000) through',
        'the five services (ingestion, feature-store, training with snaive only, prediction, alerting) while, evenly',
        'spread over the publish, each service is SIGKILLed once and started again, then the Kafka broker restarts,',
        'then PostgreSQL restarts.',
        '',
        'Measured: for each fault, the line it fell at, the seconds until the process, broker or database answered',
        'again ("back s") and until ingestion stored new lines again ("moving s"); the publish and drain times.',
        'Checked against the source: 0 lines lost, 0 duplicated, every daily total exact in ingestion and in the',
        'feature store, consumer lag 0. The history spans lines / skus / 4 days (at most 730).',
        '',
        'Needs the built services (npm run bench:faults builds them first) and the local Kafka and PostgreSQL of',
        'tools/infra, whatever KAFKA_BROKERS and DATABASE_URL say: reused when `npm run infra:up` runs them, otherwise started',
        'here and stopped at the end (the first start fetches the Kafka jars with Maven; PostgreSQL 15 must be',
        'installed). The drill restarts the broker and the database: nothing else should be using them. It runs on',
        'a fresh database (bench_faults), dropped at the end.',
        '',
        'Prints the table on stdout and progress on stderr; writes the figures to .infra/bench/faults.json.',
        'Exits 1 when a line was lost or duplicated or a daily total is wrong.',
      ]),
    )
    .option('--lines <n>', 'ERP order lines to publish', positiveInt('--lines'), 1_000_000)
    .option('--skus <n>', 'SKUs the order lines are spread over', positiveInt('--skus'), 200)
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  nice -n 10 npm run bench:faults',
        '  nice -n 10 npm run bench:faults -- --lines 100000 --skus 40   # a quick drill',
        '  node tools/loader/dist/bench/faults.js --lines 1000000        # after npm run build',
      ].join('\n'),
    );
}

/** The options of `argv` (the user's arguments, without node and the script). */
export function parseArgs(argv: string[], program = buildProgram()): FaultsOptions {
  return program.parse(argv, { from: 'user' }).opts<FaultsOptions>();
}

const log = (m: string) => process.stderr.write(`[bench:faults] ${m}\n`);

async function mainBench({ lines, skus }: FaultsOptions): Promise<void> {
  const infra = await startLocalInfra();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.DATABASE_URL = infra.databaseUrl;
  const db = await freshDatabase('bench_faults');
  const stack = await Stack.create(db.url, SERVICES, { TRAINING_MEMBERS: 'snaive', LOG_LEVEL: 'warn' });
  const load = loadavg();
  try {
    await stack.startAll();
    const faults: Fault[] = [
      ...SERVICES.map((service) => ({ kind: 'kill', service }) as Fault),
      { kind: 'restart-kafka' },
      { kind: 'restart-postgres' },
    ];
    const report = await runFaultDrill({ stack, databaseUrl: db.url, lines, skus, faults, chunk: 5000, log });
    const out = join(REPO_ROOT, '.infra', 'bench', 'faults.json');
    mkdirSync(join(REPO_ROOT, '.infra', 'bench'), { recursive: true });
    writeFileSync(out, JSON.stringify({ ...report, loadavgBefore: load, loadavgAfter: loadavg() }, null, 2));
    const rows = report.faults.map(
      (f) =>
        `| ${f.fault.padEnd(22)} | ${f.atLine.toLocaleString('en-US').padStart(9)} | ${f.backSeconds.toFixed(1).padStart(6)} | ${f.progressSeconds.toFixed(1).padStart(6)} |`,
    );
    process.stdout.write(
      [
        `fault drill: ${lines.toLocaleString('en-US')} order lines, ${report.skus} SKUs x ${report.days} days`,
        `machine: ${cpus().length} CPUs (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GB RAM; load average before ${load.map((l) => l.toFixed(1)).join(' ')}, after ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
        '',
        '| fault                  | at line   | back s | moving s |',
        '| ---------------------- | --------- | ------ | -------- |',
        ...rows,
        '',
        `publish ${report.publishSeconds.toFixed(1)} s (${report.publishRetries} sends retried while the broker was away); drained after ${report.drainSeconds.toFixed(1)} s`,
        `lost ${report.lost}, duplicated ${report.duplicated}, wrong SKU-days: ingestion ${report.wrongDays.ingestion}, feature store ${report.wrongDays.featureStore}; lag ${JSON.stringify(report.lag)}`,
        `(json: ${out})`,
        '',
      ].join('\n'),
    );
    if (report.lost || report.duplicated || report.wrongDays.ingestion || report.wrongDays.featureStore)
      process.exitCode = 1;
  } finally {
    await stack.stopAll();
    await db.drop().catch(() => undefined);
    // a broker and database started for this bench go with it: left running, the next e2e run would reuse
    // them, topics and consumer offsets of earlier runs included
    if (infra.startedHere) await stopLocalInfra();
  }
}

if (require.main === module)
  mainBench(parseArgs(process.argv.slice(2))).catch((e) => {
    process.stderr.write(`bench:faults failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
