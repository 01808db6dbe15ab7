import { Command } from 'commander';
import { resolve } from 'node:path';
import { runDemo } from './demo';
import { REPO_ROOT } from '@salescast/stack';

/** The engine's default daily ensemble, as the training service runs it (24 SKUs train in about 15 s). */
const DEFAULT = 'default';

const program = new Command('demo')
  .description(
    'Runs salescast end to end on this machine: a real Kafka (KRaft) and PostgreSQL (found or started), the ' +
      'five services and the gateway (REST, dashboard) as processes, a data set replayed as ERP events, a training run, forecasts over gRPC.',
  )
  .option('--data <dir>', 'data set directory (the five CSV files)', resolve(REPO_ROOT, 'data/sample'))
  .option('--horizon <days>', 'forecast horizon in days', (v) => Number.parseInt(v, 10), 62)
  .option(
    '--members <names>',
    'engine members for training, comma-separated; "default" = the engine\'s default daily ensemble ' +
      '(seasonal_ratio, tsb, ets, theta, recovery and the global model global_gbm, which the training run ' +
      'fits once across all SKUs)',
    DEFAULT,
  )
  .option('--top <n>', 'SKUs to print, by revenue', (v) => Number.parseInt(v, 10), 10)
  .option('--keep', 'leave the services running until Ctrl-C', false)
  .addHelpText(
    'after',
    `
Examples:
  $ npm run demo                                   # the committed sample (24 SKUs), the default ensemble
  $ npm run demo -- --members snaive,ets --top 5   # a smaller ensemble
  $ npm run demo -- --members ets,xgboost          # per-SKU trees, as named (slower)
  $ npm run demo -- --data /tmp/retail --keep      # your own data set; keep the stack up

Infrastructure: KAFKA_BROKERS / DATABASE_URL if set, else Testcontainers if Docker answers, else a local
Kafka + PostgreSQL (tools/infra, stopped at the end if the demo started them). Service logs: .infra/logs/services/.`,
  )
  .action(async (opts) => {
    if (!Number.isInteger(opts.horizon) || opts.horizon < 1 || opts.horizon > 366)
      program.error(`--horizon: want 1..366 days (got ${opts.horizon})`);
    // 'all' was this option's earlier name for the default ensemble
    const members = opts.members === DEFAULT || opts.members === 'all' ? undefined : opts.members;
    await runDemo({
      data: resolve(opts.data),
      horizon: opts.horizon,
      members,
      keep: opts.keep,
      top: opts.top,
    });
  });

program.parseAsync().catch((e: Error) => {
  process.stderr.write(`demo failed: ${e.message}\n`);
  process.exit(1);
});
