import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import { forecastToFiles } from '../forecast/forecast-to-files';
import { isoDate, integer, positiveInteger, probability } from '../options';
import { log, progress, Progress } from '../log';

interface ForecastCliOptions {
  data: string;
  out: string;
  asOf?: string;
  horizon: number;
  serviceLevel: number;
  reviewDays: number;
  top?: number;
  stock?: string;
  seed: number;
  workers: number;
  members?: string;
  title?: string;
}

/** `salescast forecast`: CSV in, forecasts + reorder plan + HTML report out, no infrastructure. */
export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .summary('forecast daily sales per SKU from a data set; write CSVs, a reorder plan and report.html')
    .description(
      'Reads the five CSV files of a data set (see docs/data-format.md), validates them (bad rows go to <out>/rejects.csv), ' +
        'aggregates gross daily units per SKU, masks shutdowns from business_events.csv, and runs the forecasting engine ' +
        '(walk-forward backtested ensemble with calibrated intervals) on every SKU still on sale. A SKU with a ' +
        "planned discontinued_on is forecast 0 from it and runs down toward it as the data set's ended SKUs did; " +
        "a list price that moved in the last four weeks is priced in by the elasticity of the data set's own " +
        "past price changes; a SKU launched in the last ~130 days gets the climb the data set's earlier launches " +
        'still made at its age.\n\n' +
        'Writes to --out:\n' +
        '  forecasts.csv          sku,date,mean,p10,p50,p90   (daily, the next --horizon days)\n' +
        '  forecasts_monthly.csv  sku,month,days,mean,p10,p90\n' +
        '  forecasts_categories.csv  level,name,skus,date,mean,p10,p90   (each category and the total, daily;\n' +
        "                         reconciled: they add up to the SKUs' forecasts)\n" +
        '  reorder_plan.csv       order quantity and order-by date per SKU (lead time, MOQ, safety stock)\n' +
        '  report.html            self-contained page for buyers: charts, search, top SKUs, accuracy\n' +
        '  rejects.csv            file,line,reason,raw of every skipped row',
    )
    .requiredOption('--data <dir>', 'data set directory (sales_lines.csv, skus.csv, …)')
    .requiredOption('--out <dir>', 'output directory (created)')
    .option('--as-of <date>', 'last day of history to use (default: the last day with sales)', isoDate)
    .option('--horizon <days>', 'days to forecast after --as-of', positiveInteger, 62)
    .option(
      '--service-level <p>',
      'probability of not running out during the lead time, for safety stock',
      probability,
      0.95,
    )
    .option(
      '--review-days <days>',
      'days until the next ordering decision: an order covers lead time + this',
      positiveInteger,
      30,
    )
    .option(
      '--stock <file>',
      "stock per SKU (CSV sku,on_hand[,on_order,as_of]); default: the data set's inventory.csv, else stock unknown",
    )
    .option(
      '--top <n>',
      'forecast only the N SKUs with the highest revenue over the last 365 days',
      positiveInteger,
    )
    .option('--seed <n>', 'seed for models with randomness', integer, 42)
    .option(
      '--workers <n>',
      'worker threads for the engine (1 = in-process)',
      positiveInteger,
      Math.min(4, availableParallelism()),
    )
    .option('--members <names>', 'ensemble members, comma-separated (default: the engine default)')
    .option('--title <text>', 'report title', 'Sales forecast')
    .addHelpText(
      'after',
      `
Examples:
  $ salescast forecast --data data/sample --out out/forecast
      forecast every SKU of the sample from its last day, 62 days ahead; open out/forecast/report.html
  $ salescast forecast --data data/sample --out out/june --as-of 2025-05-31 --horizon 31
      pretend it is the end of May: forecast June (compare with the real June using 'salescast evaluate')
  $ salescast forecast --data /data/full --out out/top --top 100 --stock stock.csv --service-level 0.98
      only the 100 best sellers, reorder plan from the current stock at a 98 % service level`,
    )
    .action(async (opts: ForecastCliOptions) => {
      const started = Date.now();
      let bar: Progress | undefined;
      const result = await forecastToFiles({
        ...opts,
        members: opts.members
          ?.split(',')
          .map((m) => m.trim())
          .filter(Boolean),
        onRead: (file, rows) => {
          if (rows % 1_000_000 === 0) log(`read ${rows.toLocaleString('en-US')} rows of ${file}`);
        },
        onStage: (message) => log(message),
        onProgress: (done, total) => {
          bar ??= progress('forecasting SKUs', total, 'SKUs');
          bar.update(done, total);
        },
      });
      bar?.stop();
      const { run, reorder, rejects } = result;
      log(rejects.summary());
      if (run.skipped.length)
        log(
          `not forecast: ${run.skipped.length} SKUs (discontinued, no sales, or outside --top): see report.html`,
        );
      const toOrder = reorder.filter((r) => r.status === 'order now').length;
      log(
        `forecast ${run.forecasts.length} SKUs from ${run.asOf}, ${run.horizon} days ahead, in ${run.seconds.toFixed(1)} s; ${toOrder} SKUs to order now`,
      );
      log(`wrote ${result.files.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s in total)`);
    });
}
