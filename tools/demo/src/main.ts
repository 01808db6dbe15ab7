import { Command } from 'commander';
import { resolve } from 'node:path';
import { runDemo } from './demo';
import { REPO_ROOT } from '@salescast/stack';

/** The statistical members and the recovery model: the demo trains 24 SKUs in about a minute. */
const DEMO_MEMBERS = 'snaive,naive2,ets,theta,stlf,recovery';

const program = new Command('demo')
  .description(
    'Runs salescast end to end on this machine: a real Kafka (KRaft) and PostgreSQL (found or started), the ' +
      'five services and the gateway (REST, dashboard) as processes, a data set replayed as ERP events, a training run, forecasts over gRPC.',
  )
  .option('--data <dir>', 'data set directory (the five CSV files)', resolve(REPO_ROOT, 'data/sample'))
  .option('--horizon <days>', 'forecast horizon in days', (v) => Number.parseInt(v, 10), 62)
  .option(
    '--members <names>',
    'engine members for training, comma-separated; "all" = the full default ensemble (adds xgboost and ' +
      'random_forest: about 20 s per SKU on 2 cores)',
    DEMO_MEMBERS,
  )
  .option('--top <n>', 'SKUs to print, by revenue', (v) => Number.parseInt(v, 10), 10)
  .option('--keep', 'leave the services running until Ctrl-C', false)
  .addHelpText(
    'after',
    `
Examples:
  $ npm run demo                                   # the committed sample (24 SKUs)
  $ npm run demo -- --members all                  # the full ensemble, trees included (slower)
  $ npm run demo -- --members snaive,ets --top 5   # a faster, smaller ensemble
  $ npm run demo -- --data /tmp/retail --keep      # your own data set; keep the stack up

Infrastructure: KAFKA_BROKERS / DATABASE_URL if set, else Testcontainers if Docker answers, else a local
Kafka + PostgreSQL (tools/infra, stopped at the end if the demo started them). Service logs: .infra/logs/services/.`,
  )
  .action(async (opts) => {
    if (!Number.isInteger(opts.horizon) || opts.horizon < 1 || opts.horizon > 366)
      program.error(`--horizon: want 1..366 days (got ${opts.horizon})`);
    const members = opts.members === 'all' ? undefined : opts.members;
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
