import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dayNumber, generate, generatorFingerprint, RejectLog, STORY, variedWorld } from '@salescast/datagen';

export { generatorFingerprint };
import {
  buildDailySeries,
  Dataset,
  ForecastRow,
  loadDataset,
  readTruthRows,
  SeriesSelection,
  TruthRow,
} from '@salescast/cli';
import { cacheDir } from '../references/r-forecast';

/** The data set name of the generated retailer story (`--dataset generated`). */
export const GENERATED = 'generated';

/**
 * Default size of the generated story: `--scale 0.01` is ~850 k order lines and 120 SKUs (the √scale rule),
 * so the top 20 % by revenue hold 24 SKUs and directional accuracy is judged on 48 SKU-months, against the
 * committed sample's 4 SKUs; it generates in ~15 s and the whole benchmark runs in a few minutes on 2 cores.
 */
export const GENERATED_DEFAULTS = { seed: 42, scale: 0.01 } as const;

/**
 * `story`: the world `salescast generate` writes (its default knobs). `varied`: the world's knobs drawn at
 * random per seed (datagen's variedWorld: season strength per category, recovery spread, SKUs that never
 * recover, trend breaks, intermittent SKUs, launches, discontinuations). The version suffix of the cache
 * folder changes whenever the draw changes.
 */
export type GeneratedPreset = 'story' | 'varied';
export const VARIED_VERSION = 'varied1';

export interface GeneratedOptions {
  seed: number;
  scale: number;
  /** Default 'story'. */
  preset?: GeneratedPreset;
  /** Where generated data sets are kept (default: the bench cache, ${XDG_CACHE_HOME:-~/.cache}/salescast/bench). */
  cacheRoot?: string;
  /** The engine's seed (`salescast forecast --seed`), put on every series' context as the CLI does. */
  engineSeed?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The generated retailer, split at the end of June 2025: history for the engine, July–August for scoring. */
export interface GeneratedStory {
  dir: string;
  /** Whether the files were already in the cache. */
  reused: boolean;
  seed: number;
  scale: number;
  /** Last day of history (2025-06-30); every series ends here. */
  asOf: string;
  horizon: number;
  dataset: Dataset;
  /** The SKUs forecast (on sale on 1 July, with a sale before), exactly as `salescast forecast` picks them. */
  selection: SeriesSelection;
  /** Realised daily units of the selected SKUs, 2025-07-01 → 2025-08-31. */
  truth: TruthRow[];
  /** The generator's noise-free mean and the p10 / p90 of the distribution the truth was drawn from. */
  oracle: ForecastRow[];
}

export function generatedCacheDir(
  options: Pick<GeneratedOptions, 'seed' | 'scale' | 'cacheRoot' | 'preset'>,
): string {
  const preset = options.preset === 'varied' ? `-${VARIED_VERSION}` : '';
  return join(
    options.cacheRoot ?? cacheDir(),
    `${GENERATED}${preset}-${options.seed}-${options.scale}-${generatorFingerprint()}`,
  );
}

const TRUTH_FILE = join('truth', 'daily_truth.csv');
const TRUTH_HEADER = 'sku,date,quantity,expected,p10,p90';

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(200);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8').split('\n')[0].trim();
  } finally {
    closeSync(fd);
  }
}

/** A complete data set of this seed and scale, written by this generator version (its truth has p10/p90). */
function isComplete(dir: string, seed: number, scale: number): boolean {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest) || !existsSync(join(dir, TRUTH_FILE))) return false;
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { seed?: number; scale?: number };
    return m.seed === seed && m.scale === scale && firstLine(join(dir, TRUTH_FILE)) === TRUTH_HEADER;
  } catch {
    return false;
  }
}

/**
 * The generated data set of this seed and scale, from the cache when a complete one is there, else generated
 * into a temporary folder and renamed into place (an interrupted run leaves no half-written data set).
 */
export async function ensureGenerated(options: GeneratedOptions): Promise<{ dir: string; reused: boolean }> {
  const dir = generatedCacheDir(options);
  if (isComplete(dir, options.seed, options.scale)) return { dir, reused: true };
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  await generate({
    out: partial,
    seed: options.seed,
    scale: options.scale,
    ...(options.preset === 'varied' && { world: variedWorld(options.seed) }),
    onProgress: options.onProgress && ((done, total) => options.onProgress!(done, total)),
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, reused: false };
}

/**
 * Splits a generated data set (or any data set with a `truth/daily_truth.csv`) at `asOf`: the series are built
 * by the CLI's own `buildDailySeries` with `asOf`, so no sale after it reaches the engine even if the files
 * held some; the truth keeps only the days after `asOf` within the horizon, and only the SKUs forecast.
 */
export async function splitStory(
  dir: string,
  options: { asOf: string; horizon: number; seed?: number },
): Promise<Pick<GeneratedStory, 'dataset' | 'selection' | 'truth' | 'oracle'>> {
  const dataset = await loadDataset(dir, { rejects: new RejectLog() });
  if (dataset.rejects.total) throw new Error(`${dir}: ${dataset.rejects.summary()}`);
  const selection = buildDailySeries(dataset, { asOf: options.asOf, seed: options.seed });
  const asOfDay = dayNumber(options.asOf);
  const lastDay = asOfDay + options.horizon;
  for (const { series } of selection.series) {
    const end = dayNumber(series.start) + series.y.length - 1;
    if (end !== asOfDay) throw new Error(`series ${series.id} ends on day ${end}, not on ${options.asOf}`);
  }
  const forecast = new Set(selection.series.map((s) => s.series.id));
  const keep = (r: { sku: string; date: string }) => {
    const day = dayNumber(r.date);
    return forecast.has(r.sku) && day > asOfDay && day <= lastDay;
  };
  const path = join(dir, TRUTH_FILE);
  const truth = (await readTruthRows(path, 'quantity')).filter(keep);
  const expected = (await readTruthRows(path, 'expected')).filter(keep);
  const p10 = (await readTruthRows(path, 'p10')).filter(keep);
  const p90 = (await readTruthRows(path, 'p90')).filter(keep);
  const oracle = expected.map((e, i) => ({
    sku: e.sku,
    date: e.date,
    mean: e.quantity,
    p10: p10[i].quantity,
    p90: p90[i].quantity,
  }));
  return { dataset, selection, truth, oracle };
}

/** The generated story of this seed and scale, split at the end of June 2025 for a July–August forecast. */
export async function loadGeneratedStory(options: GeneratedOptions): Promise<GeneratedStory> {
  const { dir, reused } = await ensureGenerated(options);
  const horizon = dayNumber(STORY.truthEnd) - dayNumber(STORY.dataEnd);
  const split = await splitStory(dir, { asOf: STORY.dataEnd, horizon, seed: options.engineSeed });
  return { dir, reused, seed: options.seed, scale: options.scale, asOf: STORY.dataEnd, horizon, ...split };
}
