#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MultiBar, Presets } from 'cli-progress';
import { DATASETS, datasetLoader } from './datasets';
import { everyKthSeries } from './datasets/subset';
import { runBenchmark } from './benchmark';
import { toJson, toText } from './table';
import { GENERATED, GENERATED_DEFAULTS, generatedCacheDir } from './datasets/generated';
import { generatedToJson, generatedToText, runGeneratedBenchmark } from './generated-benchmark';
import { cacheDir } from './references/r-forecast';

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
        '',
        `Data sets: ${[...Object.keys(DATASETS), GENERATED].join(', ')} (splits: see BENCHMARKS.md and the SOURCE.md of each).`,
        '',
        `${GENERATED}: the retailer story of \`salescast generate\` (--data-seed, --scale), written once to`,
        `${generatedCacheDir(GENERATED_DEFAULTS)} (seed and scale in the name) and reused; forecast from 2025-06-30`,
        'for July–August daily per SKU exactly as `salescast forecast` does, scored per SKU-month and SKU-day beside',
        "the baselines (June level, seasonal naive, June level × past month/June ratio) and the generator's",
        'noise-free mean (the oracle); columns: MAPE / accuracy on all and the top 20 % SKUs by revenue, WAPE,',
        'directional accuracy on the top SKUs, daily p10–p90 coverage, seconds per SKU; then the gap closed.',
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
      if (!(v in DATASETS) && v !== GENERATED)
        throw new InvalidArgumentError(
          `unknown data set '${v}' (known: ${[...Object.keys(DATASETS), GENERATED].join(', ')})`,
        );
      return v;
    })
    .option(
      '--json',
      'print one JSON document {"dataset", "rows": [...]} on stdout instead of the tables (use `npm run -s`)',
      false,
    )
    .option(
      '--limit <n>',
      'only the first n series of the data set (quick runs; the R cache is per input)',
      positiveInt('--limit'),
    )
    .option(
      '--every <k>',
      "only every k-th series (1st, (k+1)-th, …): a subset spread over the whole data set, e.g. for R's references on m3_monthly when the full R run is too long",
      positiveInt('--every'),
    )
    .option(
      '--members <names>',
      "ensemble members, comma-separated (default: the engine's DEFAULT_MEMBERS)",
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
      `${GENERATED} only: seed of the story (salescast generate --seed)`,
      positiveInt('--data-seed'),
      GENERATED_DEFAULTS.seed,
    )
    .option(
      '--data-dir <dir>',
      'root of the shared data sets',
      process.env.SALESCAST_DATASETS ?? DEFAULT_DATASETS_ROOT,
    )
    .addHelpText(
      'after',
      '\nExample:\n  npm run bench:accuracy -- --dataset m3_monthly --limit 50 --no-r\n  npm run -s bench:accuracy -- --dataset aus_retail --json > aus.json\n  npm run bench:accuracy -- --dataset generated --scale 0.01 --workers 2',
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
  dataSeed: number;
}

export async function main(argv: string[]): Promise<void> {
  const opts = buildProgram().parse(argv).opts<CliOptions>();
  if (opts.dataset === GENERATED) return mainGenerated(opts);
  const loaded = datasetLoader(opts.dataset)(opts.dataDir, { limit: opts.limit });
  const dataset = opts.every ? everyKthSeries(loaded, opts.every) : loaded;
  const progress = progressReporter(process.stderr);
  try {
    const report = await runBenchmark(dataset, {
      datasetsRoot: opts.dataDir,
      members: opts.members,
      also: opts.also,
      r: opts.r,
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

async function mainGenerated(opts: CliOptions): Promise<void> {
  const progress = progressReporter(process.stderr);
  try {
    const report = await runGeneratedBenchmark({
      seed: opts.dataSeed,
      scale: opts.scale,
      workers: opts.workers,
      engineSeed: opts.seed,
      members: opts.members,
      progress: progress.phase,
    });
    progress.stop();
    process.stdout.write(
      opts.json ? `${JSON.stringify(generatedToJson(report))}\n` : `${generatedToText(report)}\n`,
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
