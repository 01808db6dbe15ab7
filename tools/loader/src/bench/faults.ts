import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, startLocalInfra, stopLocalInfra } from '@salescast/infra';
import { Fault, REPO_ROOT, runFaultDrill, ServiceName, Stack } from '@salescast/stack';

/**
 * `npm run bench:faults`: the fault drill at scale — publishes `--lines` ERP order lines (default
 * 1 000 000) through the five services while each service is SIGKILLed once and restarted, the Kafka
 * broker restarts and PostgreSQL restarts, then reconciles with the source (0 lost, 0 duplicated, every
 * daily total exact, consumer lag 0) and prints the time to recover from each fault. Uses the local
 * infrastructure of tools/infra (started when not running), which it restarts.
 *
 *   nice -n 10 npm run bench:faults -- [--lines 1000000] [--skus 200]
 */
const SERVICES: ServiceName[] = ['ingestion', 'feature-store', 'training', 'prediction', 'alerting'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} wants a whole number >= 1`);
  return v;
}

const log = (m: string) => process.stderr.write(`[bench:faults] ${m}\n`);

async function mainBench(): Promise<void> {
  const lines = arg('lines', 1_000_000);
  const skus = arg('skus', 200);
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

mainBench().catch((e) => {
  process.stderr.write(`bench:faults failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
