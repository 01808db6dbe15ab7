#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { DATASETS, datasetLoader } from './datasets';
import { everyKthSeries } from './datasets/subset';
import { runBenchmark } from './benchmark';
import { toJson, toText } from './table';
import { GENERATED, GENERATED_DEFAULTS, generatedCacheDir } from './datasets/generated';
import { cacheDir } from './references/r-forecast';
import { peerVenv } from './references/statsforecast';
import {
  ONLINE_RETAIL,
  ONLINE_RETAIL_ORIGINS,
  runGeneratedPanel,
  runOnlineRetail,
} from './panel/panel-datasets';
import { panelToJson, panelToText, PanelReport } from './panel/report';
import { PanelRunOptions } from './panel/run-panel';

/** Data sets of daily SKU panels (monthly business metrics, peer and oracle rows). */
const PANELS = [ONLINE_RETAIL, GENERATED];
const KNOWN = () => [...Object.keys(DATASETS), ...PANELS];
/** Seeds of `--dataset generated` by default: five varied worlds. */
export const DEFAULT_SEEDS = [1, 2, 3, 4, 5];

/** The shared data sets live beside the repository (shared/datasets), never inside it. */
export const DEFAULT_DATASETS_ROOT = resolve(__dirname, '../../../../shared/datasets');

const positiveInt = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${what} must be a whole number >= 0, got '${value}'`);
  return n;
};

export function buildProgram(): Command {
  return new Command('bench-accuracy')
    .description(
      [
        'Honest accuracy benchmark of the salescast forecasting engine on public data sets.',
        '',
        'One table per data set. Rows: the salescast ensemble ("ours"), each ensemble member on its own',
        '("member"), the naive, seasonal naive and Naive2 baselines ("baseline"), and references computed in',
        'the same run and scored by the same metric code ("reference"): R forecast::auto.arima, ets, thetaf and',
        "snaive on every data set, plus the M3 participants' own submitted forecasts on m3_monthly.",
        'Columns: sMAPE (M3), MASE (seasonal naive scale), WAPE, 80 % interval coverage, seconds per series.',
        'A rolling-origin data set is forecast as one panel per origin, as one salescast run at that date would be:',
        'the global members (global_ar and global_gbm on monthly panels of 20+ series) learn from that panel only.',
        '',
        `Data sets: ${KNOWN().join(', ')} (splits: see BENCHMARKS.md, docs/benchmarks.md and the SOURCE.md of each).`,
        '',
        `Daily SKU panels (${PANELS.join(', ')}) are forecast exactly as \`salescast forecast\` does and scored per`,
        'SKU-month: monthly MAPE (all, top 20 % by revenue), top-20 % accuracy, directional accuracy, WAPE, MASE, RMSE,',
        'MAE, 80 % coverage. Rows: salescast, each member alone, the baselines (last-month level, same weekday a year',
        'back, the recovery-aware seasonal naive), the statsforecast peer (AutoETS, AutoTheta, AutoARIMA and their',
        'mean) and, on generated data, the oracle (the noise-free mean).',
        '',
        `${ONLINE_RETAIL}: UCI Online Retail; origins ${ONLINE_RETAIL_ORIGINS.join(', ')} (the last is the standard split),`,
        '61 days each, every SKU that sold in the three months up to the origin (--top N: the N with most revenue).',
        '',
        `${GENERATED}: the generator's world with its knobs drawn per seed (--preset varied, seeds ${DEFAULT_SEEDS.join(',')}),`,
        `or the story itself (--preset story), written once under ${cacheDir()} (e.g. ${generatedCacheDir(GENERATED_DEFAULTS)})`,
        'and reused; forecast from 2025-06-30 for July–August; one table per seed, then the summary with the worst seed.',
        '',
        "COVID disruptions, real data: abs_overseas_arrivals (ABS arrivals, 7 monthly series, the paper's origins 2019-12 …",
        '2022-12, h = 12, the border closure 2020-03 … 2022-02 declared as known at each origin) and melbourne_pedestrians_daily',
        '(15 sensors, daily, origins after reopenings, h = 28 days, the six lockdowns declared). A history with missing',
        'days (every sensor has some) reaches the engine with them missing and R and the statsforecast peer with them filled',
        '(the value a season earlier), since those refuse missing values.',
        '',
        `statsforecast peer: a Python venv made by \`npm run bench:peer-install\` (${peerVenv()}); its forecasts are`,
        `cached per data set and origin in ${cacheDir()}/statsforecast; without Python the peer rows are missing, and the notes say why.`,
        '',
        `R reference forecasts are cached in ${cacheDir()} by data set, R and forecast version and a hash of`,
        'the inputs; a cached row says "cached". Install R with `npm run bench:r-install`. A full m3_monthly',
        'R run takes about an hour on 2 cores; --no-r skips R.',
      ]
        .join('\n')
        // One line per paragraph: commander wraps them to the terminal (hard breaks made ragged lines).
        .split('\n\n')
        .map((paragraph) => paragraph.replace(/\n/g, ' '))
        .join('\n\n'),
    )
    .requiredOption('--dataset <name>', 'data set to run', (v) => {
      if (!KNOWN().includes(v))
        throw new InvalidArgumentError(`unknown data set '${v}' (known: ${KNOWN().join(', ')})`);
      return v;
    })
    .option(
      '--json',
      'print one JSON document {"dataset", "rows": [...]} on stdout instead of the tables (use `npm run -s`)',
      false,
    )
    .option(
      '--limit <n>',
      `only the first n series of the data set (quick runs; the R cache is per input); on ${ONLINE_RETAIL}, the same as --top`,
      positiveInt('--limit'),
    )
    .option(
      '--top <n>',
      `${ONLINE_RETAIL} only: forecast only the n active SKUs with the most revenue over the year before each origin`,
      positiveInt('--top'),
    )
    .option(
      '--origins <dates>',
      `${ONLINE_RETAIL} only: forecast origins (last day of history), comma-separated (default: ${ONLINE_RETAIL_ORIGINS.join(',')})`,
      (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
    )
    .option(
      '--seeds <list>',
      `${GENERATED} only: generator seeds, comma-separated (default ${DEFAULT_SEEDS.join(',')}; --data-seed sets one)`,
      (v) => v.split(',').map((s) => positiveInt('--seeds')(s.trim())),
    )
    .addOption(
      new Option('--preset <name>', `${GENERATED} only: the generated world`)
        .choices(['varied', 'story'])
        .default('varied'),
    )
    .addOption(
      new Option(
        '--peer <mode>',
        'statsforecast peer rows on the daily panels: run (or read its cache), cache-only (never run Python), skip',
      )
        .choices(['run', 'cache-only', 'skip'])
        .default('run'),
    )
    .option('--no-member-rows', 'daily panels: do not fit each member alone as a row (faster)')
    .option(
      '--by-category',
      "daily panels: also print salescast's bias by category and month (Σ forecast / Σ reference − 1; the reference is the generator's noise-free mean, or the actual units), per table and over them",
    )
    .option(
      '--no-engine',
      'daily panels: no engine rows at all, only baselines, peer and oracle (fills the caches)',
    )
    .option(
      '--every <k>',
      "only every k-th series (1st, (k+1)-th, …): a subset spread over the whole data set, e.g. for R's references on m3_monthly when the full R run is too long",
      positiveInt('--every'),
    )
    .option(
      '--members <names>',
      "ensemble members, comma-separated (default: the engine's default members for the data set's frequency)",
      (v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
    )
    .option(
      '--also <names>',
      "more engine models fitted alone as rows, not in the ensemble: comma-separated, or 'all' for every registered model",
      (v) =>
        v === 'all'
          ? 'all'
          : v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
    )
    .option('--no-r', 'skip the R references')
    .addOption(
      new Option('--workers <n>', 'worker threads for the engine (0 = inline)')
        .argParser(positiveInt('--workers'))
        .default(2),
    )
    .addOption(
      new Option('--r-processes <n>', 'parallel Rscript processes')
        .argParser(positiveInt('--r-processes'))
        .default(2),
    )
    .option('--seed <n>', 'seed for members with randomness', positiveInt('--seed'), 42)
    .option(
      '--scale <f>',
      `${GENERATED} only: volume of the story (salescast generate --scale)`,
      (v) => {
        const n = Number(v);
        if (!(n > 0)) throw new InvalidArgumentError(`--scale must be a number > 0, got '${v}'`);
        return n;
      },
      GENERATED_DEFAULTS.scale,
    )
    .option(
      '--data-seed <n>',
      `${GENERATED} only: one seed (salescast generate --seed), instead of --seeds`,
      positiveInt('--data-seed'),
    )
    .option(
      '--data-dir <dir>',
      'root of the shared data sets',
      process.env.SALESCAST_DATASETS ?? DEFAULT_DATASETS_ROOT,
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npm run bench:accuracy -- --dataset online_retail --top 300',
        '  npm run bench:accuracy -- --dataset online_retail --origins 2011-09-30 --top 50 --no-member-rows',
        '  npm run bench:accuracy -- --dataset generated --seeds 1,2,3,4,5',
        '  npm run bench:accuracy -- --dataset generated --preset story --data-seed 42',
        '  npm run bench:accuracy -- --dataset m3_monthly --limit 50 --no-r',
        '  npm run -s bench:accuracy -- --dataset aus_retail --json > aus.json',
        '  npm run bench:accuracy -- --dataset melbourne_pedestrians_daily --no-r',
      ].join('\n'),
    );
}

interface CliOptions {
  dataset: string;
  json: boolean;
  limit?: number;
  every?: number;
  members?: string[];
  also?: string[] | 'all';
  r: boolean;
  workers: number;
  rProcesses: number;
  seed: number;
  dataDir: string;
  scale: number;
  dataSeed?: number;
  top?: number;
  origins?: string[];
  seeds?: number[];
  preset: 'varied' | 'story';
  peer: 'run' | 'cache-only' | 'skip';
  memberRows: boolean;
  engine: boolean;
  byCategory?: boolean;
}

export async function main(argv: string[]): Promise<void> {
  const opts = buildProgram().parse(argv).opts<CliOptions>();
  if (PANELS.includes(opts.dataset)) return mainPanel(opts);
  const loaded = datasetLoader(opts.dataset)(opts.dataDir, { limit: opts.limit });
  const dataset = opts.every ? everyKthSeries(loaded, opts.every) : loaded;
  const progress = progressReporter(process.stderr);
  try {
    const report = await runBenchmark(dataset, {
      datasetsRoot: opts.dataDir,
      members: opts.members,
      also: opts.also,
      r: opts.r,
      peer: opts.peer,
      rProcesses: Math.max(1, opts.rProcesses),
      workers: opts.workers,
      seed: opts.seed,
      progress: progress.phase,
    });
    progress.stop();
    process.stdout.write(opts.json ? `${JSON.stringify(toJson(report))}\n` : `${toText(report)}\n`);
  } finally {
    progress.stop();
  }
}

async function mainPanel(opts: CliOptions): Promise<void> {
  const progress = progressReporter(process.stderr);
  const run: PanelRunOptions = {
    members: opts.members,
    memberRows: opts.memberRows,
    engine: opts.engine,
    peer: opts.peer,
    workers: opts.workers,
    seed: opts.seed,
    progress: progress.phase,
  };
  try {
    const report: PanelReport =
      opts.dataset === ONLINE_RETAIL
        ? await runOnlineRetail({
            ...run,
            datasetsRoot: opts.dataDir,
            origins: opts.origins ?? ONLINE_RETAIL_ORIGINS,
            top: opts.top ?? opts.limit,
          })
        : await runGeneratedPanel({
            ...run,
            seeds: opts.seeds ?? (opts.dataSeed !== undefined ? [opts.dataSeed] : DEFAULT_SEEDS),
            scale: opts.scale,
            preset: opts.preset,
          });
    progress.stop();
    process.stdout.write(
      opts.json
        ? `${JSON.stringify(panelToJson(report))}\n`
        : `${panelToText(report, { byCategory: opts.byCategory })}\n`,
    );
  } finally {
    progress.stop();
  }
}

/**
 * A progress bar per phase on a terminal; on a pipe or a log file (background runs), a dated line per
 * phase every 10 %, since cli-progress draws nothing there.
 */
function progressReporter(stream: NodeJS.WriteStream) {
  if (stream.isTTY) {
    const bars = new MultiBar(
      {
        stream,
        format: ' {phase} [{bar}] {value}/{total} | {duration_formatted} elapsed, eta {eta_formatted}',
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    return {
      phase: (name: string) => {
        const bar = bars.create(1, 0, { phase: name.padEnd(12) });
        return (done: number, total: number) => {
          bar.setTotal(total);
          bar.update(done);
        };
      },
      stop: () => bars.stop(),
    };
  }
  return {
    phase: (name: string) => {
      let reported = -1;
      return (done: number, total: number) => {
        const tenth = Math.floor((10 * done) / total);
        if (tenth === reported) return;
        reported = tenth;
        stream.write(`${new Date().toISOString()} ${name}: ${done}/${total}\n`);
      };
    },
    stop: () => undefined,
  };
}

if (require.main === module)
  main(process.argv).catch((e: unknown) => {
    process.stderr.write(`bench-accuracy: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
