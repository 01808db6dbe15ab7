import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { paragraphs, positiveInt } from './cli-options';
import { api } from '@salescast/contracts';
import { freshDatabase, startLocalInfra, stopLocalInfra } from '@salescast/infra';
import { call, connect } from '@salescast/platform/grpc/client';
import {
  eventually,
  freePort,
  metricValue,
  REPO_ROOT,
  runFaultDrill,
  ServiceProcess,
  Stack,
} from '@salescast/stack';
import { Client } from 'pg';

/**
 * `npm run bench:training`: one training run over `--skus` SKUs (a year of daily history each, sent
 * through ingestion and the feature store first) fitted by 1, then 2 training processes sharing
 * `training.jobs.v1` in one consumer group (each process one worker thread), and the speed-up. The run's
 * time is from StartRun to its last batch; "panel s" is its part before the batches (listing the SKUs and
 * the panel stage: the global model and the hierarchy's context, in the process that plans the run).
 *
 *   nice -n 10 npm run bench:training -- [--skus 48] [--members ets,theta,stlf | default] [--replicas 1,2]
 *   (--help: what it does and needs)
 */
export interface TrainingOptions {
  /** SKUs of the run, a year of daily history each. */
  skus: number;
  /** TRAINING_MEMBERS of the training processes, or `default` for the engine's default members. */
  members: string;
  /** Training processes of each run, in turn; the first is the base of the speed-up. */
  replicas: number[];
}

export function buildProgram(): Command {
  return new Command('bench:training')
    .description(
      paragraphs([
        'Training scale-out: one training run over --skus SKUs fitted by 1, then 2 training processes (--replicas)',
        'sharing training.jobs.v1 in one consumer group, each process with one worker thread, and the speed-up over',
        'the first.',
        '',
        'First sends --skus SKUs x 365 days of order lines (4 per SKU-day) through ingestion and the feature store.',
        'Then, for each replica count: starts that many training processes (TRAINING_MEMBERS from --members, cron',
        'off, gRPC auth on), waits until each has joined the group, calls StartRun over every SKU and waits for',
        'the run to succeed. Measured, from training.runs: the run s (StartRun until the run finished, its reconciliation included) and the panel s,',
        "its part before the batches (listing the SKUs and the panel stage: the global model and the hierarchy's",
        'context, in the process that plans the run); and the batches each process fitted, with the load average',
        'at the start.',
        '',
        'Needs the built services (npm run bench:training builds them first) and the local Kafka and PostgreSQL of',
        'tools/infra, whatever KAFKA_BROKERS and DATABASE_URL say: reused when `npm run infra:up` runs them, otherwise started',
        'here and stopped at the end (the first start fetches the Kafka jars with Maven; PostgreSQL 15 must be',
        'installed). It runs on a fresh database (bench_training), dropped at the end. The default run takes a',
        'minute or more; the time grows with --skus and the members.',
        '',
        'Prints the table on stdout and progress on stderr; writes the figures to .infra/bench/training.json.',
      ]),
    )
    .option('--skus <n>', 'SKUs of the run, 365 days of history each', positiveInt('--skus'), 48)
    .option(
      '--members <names>',
      "ensemble members of the training processes, comma-separated as TRAINING_MEMBERS takes them, or 'default' for the engine's default members (global_gbm included)",
      'ets,theta,stlf',
    )
    .addOption(
      new Option(
        '--replicas <list>',
        'training processes of each run, comma-separated, run in turn; the first is the base of the speed-up',
      )
        .argParser((v) => v.split(',').map((s) => positiveInt('--replicas')(s.trim())))
        .default([1, 2], '1,2'),
    )
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  nice -n 10 npm run bench:training',
        '  nice -n 10 npm run bench:training -- --skus 240 --members default --replicas 1,2',
        '  node tools/loader/dist/bench/training.js --skus 240 --replicas 1   # after npm run build',
      ].join('\n'),
    );
}

/** The options of `argv` (the user's arguments, without node and the script). */
export function parseArgs(argv: string[], program = buildProgram()): TrainingOptions {
  return program.parse(argv, { from: 'user' }).opts<TrainingOptions>();
}

const log = (m: string) => process.stderr.write(`[bench:training] ${m}\n`);

async function mainBench({ skus, members, replicas }: TrainingOptions): Promise<void> {
  // `default`: the engine's default members (TRAINING_MEMBERS empty), global_gbm included
  const trainingMembers = members === 'default' ? '' : members;
  const infra = await startLocalInfra();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.DATABASE_URL = infra.databaseUrl;
  const db = await freshDatabase('bench_training');
  const stack = await Stack.create(db.url, ['ingestion', 'feature-store'], { LOG_LEVEL: 'warn' });
  const pg = new Client({ connectionString: db.url });
  const results: Array<{
    replicas: number;
    seconds: number;
    panel: number;
    batches: Record<string, number>;
    load: number[];
  }> = [];
  try {
    await stack.startAll();
    await pg.connect();
    log(`sending ${skus} SKUs x 365 days through ingestion and the feature store`);
    await runFaultDrill({ stack, databaseUrl: db.url, lines: skus * 365 * 4, skus, faults: [], log });
    const all = (await pg.query(`SELECT DISTINCT sku FROM feature_store.daily_series ORDER BY sku`)).rows.map(
      (r) => r.sku,
    );
    for (const n of replicas) {
      const procs: ServiceProcess[] = [];
      for (let k = 0; k < n; k++)
        procs.push(
          new ServiceProcess(
            'training',
            await freePort(),
            await freePort(),
            {
              DATABASE_URL: db.url,
              KAFKA_BROKERS: infra.kafkaBrokers,
              FEATURE_SERVICE_ADDR: stack.get('feature-store').grpcAddress,
              TRAINING_CRON: 'off',
              TRAINING_MEMBERS: trainingMembers,
              TRAINING_WORKERS: '1',
              LOG_LEVEL: 'warn',
              // auth as in the rest of the stack: its key file, and its token for the feature store
              GRPC_AUTH: 'on',
              GRPC_API_KEYS_FILE: stack.credentials.keysFile,
              GRPC_CLIENT_TOKEN: stack.credentials.forecastsRead,
            },
            `bench-training-${n}-${k}`,
          ),
        );
      try {
        for (const p of procs) await p.start();
        await eventually('every replica in the training.jobs group', async () => {
          const joined = await Promise.all(
            procs.map(
              async (p) =>
                metricValue(await p.metrics(), 'salescast_kafka_consumer_rebalances_total', {
                  group: 'training.jobs',
                }) ?? 0,
            ),
          );
          return joined.every((j) => j > 0) ? true : undefined;
        });
        const client = connect(api.TrainingServiceClient, procs[0].grpcAddress, {
          token: stack.credentials.admin, // StartRun needs training:write, GetRun forecasts:read
        });
        const load = loadavg();
        const { run } = await call(client, client.startRun, { skus: all, reason: `bench ${n} replica(s)` });
        await eventually(
          `the run with ${n} replica(s) to finish`,
          async () => {
            const { run: r } = await call(client, client.getRun, { runId: run!.runId });
            return r?.status === api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
          },
          3_600_000,
          500,
        );
        client.close();
        const [{ seconds, panel }] = (
          await pg.query(
            `SELECT extract(epoch FROM finished_at - created_at)::float8 AS seconds,
                    extract(epoch FROM started_at - created_at)::float8 AS panel
               FROM training.runs WHERE run_id = $1`,
            [run!.runId],
          )
        ).rows;
        const by = (
          await pg.query(
            `SELECT fitted_by, count(*)::int AS n FROM training.run_batches WHERE run_id = $1 GROUP BY 1`,
            [run!.runId],
          )
        ).rows as Array<{ fitted_by: string; n: number }>;
        results.push({
          replicas: n,
          seconds,
          panel,
          batches: Object.fromEntries(by.map((b) => [b.fitted_by, b.n])),
          load,
        });
        log(
          `${n} replica(s): ${seconds.toFixed(1)} s (panel stage ${panel.toFixed(1)} s), batches ${JSON.stringify(results.at(-1)?.batches)}, load ${load.map((l) => l.toFixed(1)).join(' ')}`,
        );
      } finally {
        for (const p of procs) await p.stop().catch(() => undefined);
      }
    }
    const base = results[0]?.seconds ?? 0;
    const out = join(REPO_ROOT, '.infra', 'bench', 'training.json');
    mkdirSync(join(REPO_ROOT, '.infra', 'bench'), { recursive: true });
    writeFileSync(out, JSON.stringify({ skus, members, results }, null, 2));
    process.stdout.write(
      [
        `training scale-out: ${skus} SKUs x 365 days, members ${members}, one worker thread per process`,
        `machine: ${cpus().length} CPUs (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GB RAM`,
        '',
        '| processes | run s | panel s | speed-up | batches per process | load avg (1/5/15 min) at start |',
        '| --------- | ----- | ------- | -------- | ------------------- | ------------------------------ |',
        ...results.map(
          (r) =>
            `| ${r.replicas} | ${r.seconds.toFixed(1)} | ${r.panel.toFixed(1)} | ${(base / r.seconds).toFixed(2)}x | ${Object.values(r.batches).join(' + ')} | ${r.load.map((l) => l.toFixed(1)).join(' / ')} |`,
        ),
        `(json: ${out})`,
        '',
      ].join('\n'),
    );
  } finally {
    await pg.end().catch(() => undefined);
    await stack.stopAll();
    await db.drop().catch(() => undefined);
    // a broker and database started for this bench go with it: left running, the next e2e run would reuse
    // them, topics and consumer offsets of earlier runs included
    if (infra.startedHere) await stopLocalInfra();
  }
}

if (require.main === module)
  mainBench(parseArgs(process.argv.slice(2))).catch((e) => {
    process.stderr.write(`bench:training failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
