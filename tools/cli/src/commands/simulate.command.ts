import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { log, progress, Progress } from '../log';
import { integer, isoDate, positiveInteger, positiveNumber, probability } from '../options';
import { runSimulation } from '../simulate/run-simulation';
import { simulationTable, writeSimulation } from '../simulate/simulation-output';

interface SimulateCliOptions {
  data: string;
  out?: string;
  from?: string;
  days: number;
  truth?: string;
  top?: number;
  refreshDays: number;
  reviewDays: number;
  leadTime?: number;
  moq?: number;
  pack?: number;
  serviceLevels: string;
  coverFactors: string;
  oracleScales: string;
  dependence?: number;
  samples: number;
  holdingRate: number;
  lostMargin: number;
  members?: string;
  seed: number;
  workers: number;
}

const list = (s: string) =>
  s
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isFinite(v));

/** `salescast simulate`: replay salescast's plan, a naive policy and the oracle against what actually sold. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .summary("replay salescast's reorder plan, a naive policy and the oracle day by day against actual sales")
    .description(
      'Forecasts every SKU from the actuals known at the start of the window and again every --refresh-days, then ' +
        'replays three ordering policies day by day against what actually sold: orders on review days (every ' +
        "review_days of the SKU's supply terms, else --review-days), arriving after the lead time, at least the MOQ " +
        'and in whole packs; demand that finds no stock is lost. Policies:\n' +
        "  salescast  order up to the service-level quantile of demand over lead time + review (the plan of 'salescast forecast')\n" +
        "  naive      order up to last month's average daily demand × cover days, cover = factor × (lead time + review)\n" +
        '  oracle     order up to the actual demand of the coming lead time + review (× a scale)\n' +
        'Each runs over a grid of its parameter, and salescast is compared with the naive policy at the same fill rate ' +
        '(inventory turns) and at the same average stock (stockout days). Reports fill rate, stockout days, units lost, ' +
        'average stock, inventory turns, holding and lost-sales cost. See docs/planning.md.\n\n' +
        'Writes to --out (when given): simulation.csv, simulation.json, report.html.',
    )
    .requiredOption('--data <dir>', 'data set directory (sales_lines.csv, skus.csv, supply_terms.csv, …)')
    .option('--out <dir>', 'write simulation.csv, simulation.json and report.html here')
    .option(
      '--from <date>',
      'first simulated day (default: --days before the last day with actuals)',
      isoDate,
    )
    .option('--days <n>', 'days to simulate', positiveInteger, 182)
    .option(
      '--truth <file>',
      'more actuals after the data (sku,date,quantity), e.g. <generated>/truth/daily_truth.csv',
    )
    .option(
      '--top <n>',
      'simulate the N SKUs with the highest revenue in the year before --from',
      positiveInteger,
    )
    .option('--refresh-days <n>', 'days between two forecasts', positiveInteger, 28)
    .option('--review-days <n>', 'review period of SKUs whose terms have none', positiveInteger, 7)
    .option('--lead-time <days>', 'lead time of SKUs without supply terms (else they are left out)', integer)
    .option('--moq <units>', 'MOQ of SKUs without supply terms', integer)
    .option('--pack <units>', 'pack size of SKUs without supply terms', positiveInteger)
    .option(
      '--service-levels <list>',
      "salescast's service levels to try",
      '0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.85,0.9,0.95,0.98,0.99',
    )
    .option('--cover-factors <list>', "the naive policy's cover factors to try", '0.75,1,1.25,1.5,1.75,2,2.5')
    .option('--oracle-scales <list>', "the oracle's scales to try", '0.7,0.8,0.9,1,1.25,1.5,2')
    .option(
      '--dependence <rho>',
      'correlation of daily forecast errors in the demand paths (0..1, default 0.3)',
      probability,
    )
    .option('--samples <n>', 'demand paths per forecast', positiveInteger, 1000)
    .option('--holding-rate <r>', 'yearly holding cost as a share of stock value', positiveNumber, 0.25)
    .option(
      '--lost-margin <r>',
      'margin lost per unit not sold, as a share of its value',
      positiveNumber,
      0.3,
    )
    .option('--members <names>', 'ensemble members, comma-separated (default: the engine default)')
    .option('--seed <n>', 'seed for models with randomness', integer, 42)
    .option(
      '--workers <n>',
      'worker threads for the engine (1 = in-process)',
      positiveInteger,
      Math.min(4, availableParallelism()),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ salescast simulate --data data/sample --truth data/sample/truth/daily_truth.csv --from 2025-03-01 --days 184 --out out/sim
      the sample's last four months and its truth months, every SKU with its supply terms; open out/sim/report.html
  $ salescast simulate --data ../shared/datasets/online_retail --from 2011-06-01 --days 183 --top 100 \\
        --lead-time 21 --moq 48 --pack 12 --review-days 7
      Online Retail has no supply terms: state them (here 3 weeks, MOQ 4 cases of 12, weekly orders)
  $ salescast simulate --data data/sample --days 120 --service-levels 0.9,0.95 --cover-factors 1,1.5 --members ets,theta
      a quick look: two settings each, two fast members`,
    )
    .action(async (opts: SimulateCliOptions) => {
      let bar: Progress | undefined;
      const defaultTerms =
        opts.leadTime !== undefined
          ? { leadTimeDays: opts.leadTime, moq: opts.moq ?? 0, packSize: opts.pack ?? 1 }
          : undefined;
      const result = await runSimulation({
        data: opts.data,
        from: opts.from,
        days: opts.days,
        truth: opts.truth,
        top: opts.top,
        refreshDays: opts.refreshDays,
        reviewDays: opts.reviewDays,
        ...(defaultTerms && { defaultTerms }),
        serviceLevels: list(opts.serviceLevels),
        coverFactors: list(opts.coverFactors),
        oracleScales: list(opts.oracleScales),
        ...(opts.dependence !== undefined && { dependence: opts.dependence }),
        samples: opts.samples,
        costs: { holdingRate: opts.holdingRate, lostMargin: opts.lostMargin },
        members: opts.members
          ?.split(',')
          .map((m) => m.trim())
          .filter(Boolean),
        seed: opts.seed,
        workers: opts.workers,
        onStage: (stage) => {
          bar?.stop();
          bar = undefined;
          log(stage);
        },
        onProgress: (done, total) => {
          bar ??= progress('forecasting', total, 'SKU-forecasts');
          bar.update(done, total);
        },
      });
      bar?.stop();
      process.stdout.write(simulationTable(result));
      if (opts.out)
        log(`wrote ${writeSimulation(result, opts.out, `Reorder simulation: ${opts.data}`).join(', ')}`);
      log(
        `simulated ${result.skus} SKUs over ${result.from} → ${result.to} in ${result.seconds.toFixed(1)} s`,
      );
    });
}
