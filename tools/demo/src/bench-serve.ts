import { api } from '@salescast/contracts';
import { loadDataset } from '@salescast/cli';
import { ensureInfra, freshDatabase } from '@salescast/infra';
import { publish } from '@salescast/loader';
import { call, connect } from '@salescast/platform/grpc/client';
import { ensureGoTool, eventually, REPO_ROOT, Stack } from '@salescast/stack';
import { Command } from 'commander';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const say = (msg: string) => process.stderr.write(`${msg}\n`);

export interface ServeRow {
  rpc: string;
  clients: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  /** The server process's CPU time (user + system) per request during the run, in microseconds. */
  server_cpu_us: number;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after the command name, which is in parentheses and may contain spaces
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

interface GhzReport {
  count: number;
  rps: number;
  latencyDistribution: { percentage: number; latency: number }[] | null;
  statusCodeDistribution?: Record<string, number>;
  errorDistribution?: Record<string, number> | null;
}

/** Where and how ghz calls: the same for every row of a run. */
interface GhzTarget {
  bin: string;
  address: string;
  token: string;
  /** Cores ghz may use. */
  cpus: number;
  /** The server process, whose CPU time is read around each row. */
  serverPid: number;
  requests: number;
}

/** One row: an RPC with its request, at a concurrency, optionally at a constant offered rate. */
interface GhzCase {
  rpc: string;
  method: string;
  data: object;
  clients: number;
  rate?: number;
}

/** One ghz run (reflection, no .proto files; the bearer token in metadata) → one row. */
async function ghz(t: GhzTarget, c: GhzCase): Promise<ServeRow> {
  const { bin, address, token, cpus, serverPid, requests } = t;
  const { rpc, method, data, clients, rate = 0 } = c;
  const cpu0 = cpuSeconds(serverPid);
  const { stdout } = await run(
    bin,
    [
      '--insecure',
      '--cpus',
      String(cpus),
      // a constant offered rate (0: as fast as the clients go, a closed loop)
      '--rps',
      String(rate),
      '--call',
      method,
      '-d',
      JSON.stringify(data),
      '-m',
      JSON.stringify({ authorization: `Bearer ${token}` }),
      '-c',
      String(clients),
      '--connections',
      String(Math.min(clients, 10)),
      // a request count, not a duration: ghz counts the calls still in flight when a duration ends
      // as errors (exactly `clients` of them)
      '-n',
      String(Math.max(requests, clients)),
      '--timeout',
      '60s',
      '--format',
      'json',
      address,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const serverCpu = cpuSeconds(serverPid) - cpu0;
  const r = JSON.parse(stdout) as GhzReport;
  const pct = (p: number) => (r.latencyDistribution?.find((l) => l.percentage === p)?.latency ?? NaN) / 1e6;
  const ok = r.statusCodeDistribution?.OK ?? 0;
  return {
    rpc,
    clients,
    rps: Math.round(r.rps),
    p50_ms: Number(pct(50).toFixed(2)),
    p99_ms: Number(pct(99).toFixed(2)),
    errors: r.count - ok,
    server_cpu_us: Math.round((serverCpu / Math.max(1, r.count)) * 1e6),
  };
}

/**
 * `npm run bench:serve`: the real stack (Kafka, PostgreSQL, the services as processes, auth on),
 * the sample data set trained and published, then ghz against prediction's gRPC port: the health
 * check, GetForecast and BatchGetForecasts at each concurrency, from the same server in the same run.
 */
async function main(o: {
  data: string;
  requests: number;
  clients: number[];
  horizon: number;
  json: boolean;
  ghzCpus: number;
  rate: number;
}) {
  const ghzBin = ensureGoTool('ghz');
  const dataset = await loadDataset(o.data);
  const skus = [...dataset.skus.keys()].sort();
  say(
    `bench:serve — ${skus.length} SKUs from ${o.data}; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`,
  );
  const infra = await ensureInfra();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  const db = await freshDatabase('bench_serve', infra.databaseUrl);
  // snaive: training is not what is measured (reads come from the snapshots, whatever the model)
  const stack = await Stack.create(db.url, ['ingestion', 'feature-store', 'training', 'prediction'], {
    TRAINING_MEMBERS: 'snaive',
    LOG_LEVEL: 'warn',
  });
  try {
    await stack.startAll();
    say('replaying the data set, training, publishing …');
    await publish({ brokers: infra.kafkaBrokers.split(','), dataDir: o.data });
    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    await eventually(
      'every SKU in the feature store',
      async () =>
        (await call(features, features.listSkus, { pageSize: 10000, pageToken: '' })).skus.length >=
        skus.length
          ? true
          : undefined,
      600_000,
      1000,
    );
    // the last day of every SKU's series must be in before training
    await new Promise((r) => setTimeout(r, 3000));
    features.close();
    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const { run: started } = await call(training, training.startRun, { skus: [], reason: 'bench:serve' });
    await eventually(
      'the training run',
      async () => {
        const { run: r } = await call(training, training.getRun, { runId: started!.runId });
        return r && r.status >= api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
      },
      3_600_000,
      1000,
    );
    training.close();
    const forecasts = connect(api.ForecastServiceClient, stack.get('prediction').grpcAddress);
    await eventually(
      'every SKU’s published forecast',
      async () => {
        const b = await call(forecasts, forecasts.batchGetForecasts, { skus, horizonDays: 1, levels: [] });
        return b.notFound.length === 0 ? true : undefined;
      },
      600_000,
      1000,
    );
    forecasts.close();

    const address = stack.get('prediction').grpcAddress;
    const token = stack.credentials.forecastsRead;
    const serverPid = stack.get('prediction').pid!;
    // warm-up, not recorded: the server's JIT and the response cache
    say('warming up …');
    const target: GhzTarget = {
      bin: ghzBin,
      address,
      token,
      cpus: o.ghzCpus,
      serverPid,
      requests: o.requests,
    };
    await ghz(
      { ...target, requests: 500 },
      {
        rpc: 'warm-up',
        method: 'salescast.api.v1.ForecastService/BatchGetForecasts',
        data: { skus, horizon_days: o.horizon, levels: [80, 95] },
        clients: 10,
      },
    );
    const rows: ServeRow[] = [];
    for (const clients of o.clients) {
      const forecastReq = { sku: skus[0], horizon_days: o.horizon, levels: [80, 95] };
      const cases: [string, string, object, number?][] = [
        ['grpc.health.v1.Health/Check', 'grpc.health.v1.Health/Check', {}],
        ['GetForecast', 'salescast.api.v1.ForecastService/GetForecast', forecastReq],
        // latency below saturation: the same call at a constant offered rate
        ...(o.rate > 0
          ? [
              [
                `GetForecast @${o.rate}/s`,
                'salescast.api.v1.ForecastService/GetForecast',
                forecastReq,
                o.rate,
              ] as [string, string, object, number],
            ]
          : []),
        [
          `BatchGetForecasts(${skus.length})`,
          'salescast.api.v1.ForecastService/BatchGetForecasts',
          { skus, horizon_days: o.horizon, levels: [80, 95] },
        ],
      ];
      for (const [rpc, method, data, rate] of cases) {
        say(`ghz ${rpc} × ${clients} clients …`);
        const row = await ghz(target, { rpc, method, data, clients, rate });
        say(
          `  ${row.rps} req/s, p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms, ${row.errors} errors, ` +
            `server ${row.server_cpu_us} µs CPU/request`,
        );
        rows.push(row);
      }
    }
    if (o.json) process.stdout.write(`${JSON.stringify({ rows })}\n`);
    else {
      const head = [
        'rpc',
        'clients',
        'req/s',
        'p50 ms',
        'p99 ms',
        'errors',
        'vs health',
        'server µs CPU/req',
      ];
      const table = rows.map((r) => {
        const health = rows.find((h) => h.clients === r.clients && h.rpc.startsWith('grpc.health'))!;
        return [
          r.rpc,
          r.clients,
          r.rps,
          r.p50_ms,
          r.p99_ms,
          r.errors,
          `${(r.rps / health.rps).toFixed(2)}×`,
          r.server_cpu_us,
        ].map(String);
      });
      const w = head.map((h, c) => Math.max(h.length, ...table.map((t) => t[c].length)));
      for (const line of [head, ...table])
        process.stdout.write(`${line.map((v, c) => v.padEnd(w[c])).join('  ')}\n`);
      process.stdout.write(
        `goals: GetForecast ≥ 0.7× health, p99 < 20 ms at 50 clients, 0 errors. ${cpus().length} cores, load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} at the end.\n`,
      );
    }
  } finally {
    await stack.stopAll();
    await infra.stop();
  }
}

new Command('bench:serve')
  .description(
    'Serving benchmark: the real stack with auth on, the sample data set trained and published, then ghz ' +
      '(pinned, installed with go install if missing) calls the health check, GetForecast and BatchGetForecasts ' +
      'of the prediction service through reflection at each concurrency.',
  )
  .option('--data <dir>', 'data set directory', resolve(REPO_ROOT, 'data/sample'))
  .option('--requests <n>', 'requests sent by each ghz run', (v) => Number.parseInt(v, 10), 10_000)
  .option(
    '--clients <list>',
    'concurrent clients, comma-separated',
    (v) => v.split(',').map(Number),
    [50, 500],
  )
  .option('--horizon <days>', 'horizon_days asked for', (v) => Number.parseInt(v, 10), 62)
  .option(
    '--ghz-cpus <n>',
    'cores ghz may use (GOMAXPROCS); the server and ghz share the machine',
    (v) => Number.parseInt(v, 10),
    cpus().length,
  )
  .option(
    '--rate <n>',
    'also call GetForecast at this constant rate (req/s) to show latency below saturation; 0 = skip',
    (v) => Number.parseInt(v, 10),
    1000,
  )
  .option('--json', 'print {"rows":[{rpc,clients,rps,p50_ms,p99_ms,errors}]} on stdout only', false)
  .addHelpText(
    'after',
    `
Examples:
  $ npm run bench:serve                       # 50 and 500 clients, a table
  $ npm run -s bench:serve -- --json          # the rows as JSON (progress on stderr)
  $ npm run bench:serve -- --clients 50 --requests 4000 --ghz-cpus 1

Run it with nice -n 10 on a shared machine; the table ends with the machine's load.`,
  )
  .action((o) =>
    main(o).catch((e: Error) => {
      say(`bench:serve failed: ${e.message}`);
      process.exit(1);
    }),
  )
  .parse();
