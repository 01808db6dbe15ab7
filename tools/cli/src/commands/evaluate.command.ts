import { statSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { RejectLog } from '@salescast/datagen';
import { Dataset, loadDataset } from '../dataset/load-dataset';
import { actualsFor, previousActualsFrom } from '../evaluate/actuals';
import { evaluateForecast, Evaluation, Scores } from '../evaluate/evaluate-forecast';
import { readForecastRows, readTruthRows } from '../evaluate/read-rows';
import { probability } from '../options';
import { log } from '../log';

interface EvaluateCliOptions {
  forecast: string;
  truth: string;
  by: 'month' | 'day';
  topShare: number;
  data?: string;
  json?: string;
}

const pct = (v: number, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} %` : 'n/a');

function scoreLines(name: string, s: Scores): string[] {
  return [
    `${name}`,
    `  MAPE        ${pct(s.mape)}   (accuracy ${pct(s.accuracy)}; ${s.points} points, ${s.mapeSkippedZeros} with zero actual skipped)`,
    `  WAPE        ${pct(s.wape)}`,
    Number.isFinite(s.directionalAccuracy)
      ? `  direction   ${pct(100 * s.directionalAccuracy)} of ${s.directionSteps} moves from the previous actual right`
      : '  direction   n/a (no previous actual: give the history with --data)',
  ];
}

/** The evaluation as a short text table for stdout. */
export function formatEvaluation(e: Evaluation): string {
  return [
    `Scored ${e.skus} SKUs over ${e.days} days, per SKU-${e.by}${e.missingForecasts ? ` (${e.missingForecasts} truth rows had no forecast)` : ''}`,
    ...scoreLines('All SKUs', e.all),
    ...scoreLines(`Top ${Math.round(100 * e.top.share)} % SKUs by ${e.top.rankedBy} (${e.top.skus})`, e.top),
    `p10–p90 coverage (daily)  ${pct(100 * e.coverage80)}  (nominal 80 %${
      Number.isFinite(e.referenceCoverage80)
        ? `; the truth's own p10–p90, a perfect forecaster's: ${pct(100 * e.referenceCoverage80)}`
        : ''
    })`,
  ].join('\n');
}

/** `salescast evaluate`: scores a forecast file against actuals. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .summary('score a forecast file against the truth: MAPE, WAPE, top-SKU accuracy, direction, coverage')
    .description(
      'Compares forecasts.csv (sku,date,mean[,p10,p90]) with actual daily units (sku,date,quantity, e.g. truth/daily_truth.csv from ' +
        "'salescast generate') or with the sales of a data set directory (to score a forecast made with --as-of). MAPE and WAPE are computed on SKU-month totals (--by month, the business's figure) or SKU-days; " +
        'the top group holds the SKUs with the highest revenue in the truth period (prices from --data/skus.csv, else by units); ' +
        'coverage is the share of SKU-days inside p10–p90 (with whole-unit sales a day on a bound is inside, so even a perfect ' +
        "forecaster covers more than 80 %: where the truth has its own p10,p90 columns, as the generator's does, their coverage " +
        'is printed beside it). Prints a table on stdout; --json writes every figure.\n\n' +
        'Directional accuracy: for each forecast period t (month or day), with A(t-1) the actual of the period ' +
        'before it, the forecast is right when sign(F(t) - A(t-1)) = sign(A(t) - A(t-1)). For the first forecast ' +
        "period A(t-1) is the history's last period (June's actual for a July forecast), read from the --data " +
        'data set (or from --truth when it is a data set directory); without it the first period is not scored. ' +
        'Signs are -1, 0, +1 and must be equal.',
    )
    .requiredOption('--forecast <file>', 'forecast CSV (sku,date,mean[,p10,p90])')
    .requiredOption(
      '--truth <file|dir>',
      'actuals CSV (sku,date,quantity), or a data set directory whose sales lines are the actuals',
    )
    .addOption(
      new Option('--by <period>', 'granularity of MAPE/WAPE/direction')
        .choices(['month', 'day'])
        .default('month'),
    )
    .option('--top-share <f>', 'share of SKUs in the top group', probability, 0.2)
    .option(
      '--data <dir>',
      'the data set the forecast was made from: unit prices (skus.csv) for the revenue ranking, and the last actuals before the forecast for directional accuracy',
    )
    .option('--json <file>', 'also write the full evaluation (with per-SKU figures) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ salescast evaluate --forecast out/forecast/forecasts.csv --truth data/sample/truth/daily_truth.csv --data data/sample
  $ salescast evaluate --forecast out/forecast/forecasts.csv --truth data/sample/truth/daily_truth.csv --by day --top-share 0.1 --json eval.json
  $ salescast forecast --data data/sample --out out/june --as-of 2025-05-31 --horizon 30
  $ salescast evaluate --forecast out/june/forecasts.csv --truth data/sample      # actuals from the data set itself`,
    )
    .action(async (opts: EvaluateCliOptions) => {
      const forecast = await readForecastRows(opts.forecast);
      const load = async (dir: string) => {
        const rejects = new RejectLog();
        const dataset = await loadDataset(dir, { rejects });
        if (rejects.total) log(`${dir}: ${rejects.summary()}`);
        return dataset;
      };
      const truthIsDataset = statSync(opts.truth).isDirectory();
      const truthData: Dataset | undefined = truthIsDataset ? await load(opts.truth) : undefined;
      const truth = truthData ? actualsFor(forecast, truthData) : await readTruthRows(opts.truth);
      const history = opts.data ? await load(opts.data) : truthData;
      const prices = history && new Map([...history.skus.values()].map((s) => [s.sku, s.unitPrice]));
      const evaluation = evaluateForecast(forecast, truth, {
        by: opts.by,
        topShare: opts.topShare,
        prices,
        previousActual: history && previousActualsFrom(history),
      });
      process.stdout.write(formatEvaluation(evaluation) + '\n');
      if (opts.json) {
        writeFileSync(opts.json, JSON.stringify(evaluation, null, 2) + '\n');
        log(`wrote ${opts.json}`);
      }
    });
}
