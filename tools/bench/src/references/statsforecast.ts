import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { addPeriods, prepareForModel } from '@salescast/forecasting';
import { ForecastRow } from '@salescast/cli';
import { SeriesSelection } from '@salescast/cli';
import { cacheDir } from './r-forecast';
import { EvalTask } from '../datasets/types';
import { MethodForecasts, TaskForecast } from '../scoring/forecasts';

/** The Python script that fits the peer models (shipped next to this package). */
export const PEER_SCRIPT = resolve(__dirname, '../../python/statsforecast_peer.py');
/** statsforecast's models, as named in the script's output; the table prefixes them `statsforecast `. */
export const PEER_MODELS = ['AutoETS', 'AutoTheta', 'AutoARIMA'] as const;
/** The row averaging the three models (mean, and the mean of their p10 and p90). */
export const PEER_MEAN = 'mean';
/**
 * Days of history the peer gets (the last two years): its models use a weekly season only, and AutoARIMA's
 * time grows with the length (seven years of daily history took minutes per SKU on the shared cores).
 */
export const PEER_MAX_DAYS = 730;
/**
 * Added to the bench's own niceness for Python (the bench itself runs under `nice -n 10`): at 15 on top, the
 * peer got 3 CPU-seconds in 6 minutes among the shared machine's other work (load average 30).
 */
export const PEER_NICENESS = 0;

/** The venv made by `npm run bench:peer-install` (tools/bench/python/install.sh). */
export function peerVenv(): string {
  return process.env.SALESCAST_STATSFORECAST_VENV ?? join(cacheDir(), 'statsforecast-venv');
}

/** statsforecast's version in the venv, or why it cannot be used. */
export function detectPeer(
  python = join(peerVenv(), 'bin', 'python'),
): { version: string } | { missing: string } {
  if (!existsSync(python))
    return {
      missing: `${python} not found (run \`npm run bench:peer-install\` to make the statsforecast venv)`,
    };
  try {
    const version = execFileSync(python, ['-c', 'import statsforecast; print(statsforecast.__version__)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    return { version };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return {
      missing: `statsforecast not importable in ${python}: ${(e.stderr ?? e.message).trim().split('\n').pop()}`,
    };
  }
}

/**
 * The script's input: every selected SKU's daily series as the engine's members see it (disruption windows
 * repaired, since the peer models cannot skip missing days), its last PEER_MAX_DAYS days, one
 * `unique_id,ds,y` row per day.
 */
export function peerInputCsv(selection: SeriesSelection): string {
  const lines = ['unique_id,ds,y'];
  for (const { series, context } of selection.series) {
    if (/[,"\s]/.test(series.id)) throw new Error(`SKU '${series.id}' cannot be written to the peer input`);
    const y = prepareForModel(series, context, { handlesMissing: false, readsDisruptions: false }).y;
    const from = Math.max(0, y.length - PEER_MAX_DAYS);
    for (let i = from; i < y.length; i++)
      lines.push(`${series.id},${addPeriods(series.start, 'daily', i)},${+y[i].toFixed(6)}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `<data set>-<as-of>-statsforecast<version>-<hash of input, script, horizon>.csv` in the bench cache:
 * one file per data set and origin, reused while the inputs are the same.
 */
export function peerCacheFile(
  dataset: string,
  asOf: string,
  version: string,
  input: string,
  horizon: number,
): string {
  const hash = createHash('sha256')
    .update(readFileSync(PEER_SCRIPT, 'utf8'))
    .update(`\0${horizon}\0`)
    .update(input)
    .digest('hex')
    .slice(0, 16);
  const safe = dataset.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return join(cacheDir(), 'statsforecast', `${safe}-${asOf}-statsforecast${version}-${hash}.csv`);
}

/**
 * Daily forecast rows per peer method from the script's output (step 1 = the day after as-of); means and
 * bounds below 0 are set to 0, as `salescast forecast` does with its own; plus the mean of the three models.
 */
export function parsePeerOutput(csv: string, asOf: string): Map<string, ForecastRow[]> {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byMethod = new Map<string, ForecastRow[]>();
  const clip = (s: string) => {
    const v = s.trim() === '' ? NaN : Number(s); // an empty field is a missing forecast, not 0
    return Number.isFinite(v) ? Math.max(0, v) : NaN;
  };
  for (const r of rows) {
    const list = byMethod.get(r.method) ?? [];
    byMethod.set(r.method, list);
    list.push({
      sku: r.unique_id,
      date: addPeriods(asOf, 'daily', Number(r.step)),
      mean: clip(r.mean),
      p10: clip(r.lo80),
      p90: clip(r.hi80),
    });
  }
  const members = PEER_MODELS.map((m) => byMethod.get(m) ?? []);
  if (members.every((m) => m.length > 0)) {
    const keyed = members.map((m) => new Map(m.map((f) => [`${f.sku}\u0000${f.date}`, f])));
    const avg = (xs: Array<number | undefined>) => xs.reduce<number>((a, b) => a + (b ?? NaN), 0) / xs.length;
    byMethod.set(
      PEER_MEAN,
      members[0].map((f) => {
        const all = keyed.map((k) => k.get(`${f.sku}\u0000${f.date}`));
        return {
          sku: f.sku,
          date: f.date,
          mean: avg(all.map((x) => x?.mean)),
          p10: avg(all.map((x) => x?.p10)),
          p90: avg(all.map((x) => x?.p90)),
        };
      }),
    );
  }
  return byMethod;
}

export type PeerResult =
  | { status: 'unavailable'; reason: string }
  | {
      status: 'cached' | 'computed';
      file: string;
      version: string;
      forecasts: Map<string, ForecastRow[]>;
      /** Wall seconds per model over all series, when computed in this run (also kept beside the cache). */
      seconds: Record<string, number>;
      /** Series per model that the model failed on, forecast by statsforecast's fallback (the naive). */
      fallbacks: Record<string, number>;
    };

export interface PeerOptions {
  dataset: string;
  horizon: number;
  /** Processes statsforecast may use (its n_jobs). */
  jobs: number;
  python?: string;
  /** Never run Python: use the cache or report the row as missing. */
  cacheOnly?: boolean;
}

/** The script's raw output for one input, from the cache or computed (see peerForecasts). */
type RawPeer =
  | { status: 'unavailable'; reason: string }
  | {
      status: 'cached' | 'computed';
      file: string;
      version: string;
      csv: string;
      seconds: Record<string, number>;
      fallbacks: Record<string, number>;
    };

/**
 * Runs the script on `input` unless its output is cached under `<data set>-<origin key>-…`; never throws when
 * Python is missing (the result says why).
 */
async function cachedPeerRun(
  input: string,
  originKey: string,
  run: { season: number; freq: 'D' | 'int' },
  options: PeerOptions,
): Promise<RawPeer> {
  const python = options.python ?? join(peerVenv(), 'bin', 'python');
  const env = detectPeer(python);
  if ('missing' in env) return { status: 'unavailable', reason: env.missing };
  const keyed = run.freq === 'D' && run.season === 7 ? input : `${run.freq}\0${run.season}\0${input}`;
  const file = peerCacheFile(options.dataset, originKey, env.version, keyed, options.horizon);
  const timesFile = `${file}.seconds.json`;
  const fallbacksFile = `${file}.fallbacks.json`;
  const readJson = (f: string) =>
    existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Record<string, number>) : {};
  if (existsSync(file))
    return {
      status: 'cached',
      file,
      version: env.version,
      csv: readFileSync(file, 'utf8'),
      seconds: readJson(timesFile),
      fallbacks: readJson(fallbacksFile),
    };
  if (options.cacheOnly)
    return { status: 'unavailable', reason: `not in the cache (${file}) and --peer cache-only` };
  mkdirSync(join(cacheDir(), 'statsforecast'), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'salescast-bench-peer-'));
  try {
    const inputFile = join(dir, 'input.csv');
    writeFileSync(inputFile, input);
    const stdout = await runPython(python, [
      PEER_SCRIPT,
      inputFile,
      `${file}.partial`,
      String(options.horizon),
      String(run.season),
      String(Math.max(1, options.jobs)),
      run.freq,
    ]);
    const { seconds, fallbacks } = parsePeerLog(stdout);
    writeFileSync(timesFile, JSON.stringify(seconds));
    writeFileSync(fallbacksFile, JSON.stringify(fallbacks));
    renameSync(`${file}.partial`, file);
    return {
      status: 'computed',
      file,
      version: env.version,
      csv: readFileSync(file, 'utf8'),
      seconds,
      fallbacks,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A note's sentence on the series a peer model failed on ('' when none did). */
export function fallbackNote(fallbacks: Record<string, number>): string {
  const failed = Object.entries(fallbacks).filter(([, n]) => n > 0);
  if (failed.length === 0) return '';
  const list = failed.map(([model, n]) => `${model} on ${n} series`).join(', ');
  return ` Failed: ${list}; statsforecast's fallback (the naive) forecast those.`;
}

/** The script's stdout: "seconds <model> <wall s>" per model, "fallback <model> <series>" where a model failed. */
export function parsePeerLog(stdout: string): {
  seconds: Record<string, number>;
  fallbacks: Record<string, number>;
} {
  const seconds: Record<string, number> = {};
  const fallbacks: Record<string, number> = {};
  for (const m of stdout.matchAll(/^seconds (\S+) ([\d.]+)$/gm)) seconds[m[1]] = Number(m[2]);
  for (const m of stdout.matchAll(/^fallback (\S+) (\d+)$/gm)) fallbacks[m[1]] = Number(m[2]);
  return { seconds, fallbacks };
}

/**
 * statsforecast's forecasts for one origin of a daily panel: from the cache when the same inputs were run
 * before, else computed with the venv's Python (at low priority) and cached.
 */
export async function peerForecasts(selection: SeriesSelection, options: PeerOptions): Promise<PeerResult> {
  const raw = await cachedPeerRun(peerInputCsv(selection), selection.asOf, { season: 7, freq: 'D' }, options);
  if (raw.status === 'unavailable') return raw;
  const { csv, ...rest } = raw;
  return { ...rest, forecasts: parsePeerOutput(csv, selection.asOf) };
}

/** Input of a regular data set's tasks (ds = 1, 2, …): tasks with a missing value are left out. */
export function peerTaskInputCsv(tasks: readonly EvalTask[]): { csv: string; skipped: number } {
  const lines = ['unique_id,ds,y'];
  let skipped = 0;
  for (const t of tasks) {
    if (/[,"\s]/.test(t.id) || t.series.y.some((v) => !Number.isFinite(v))) {
      skipped++;
      continue;
    }
    t.series.y.forEach((v, i) => lines.push(`${t.id},${i + 1},${v}`));
  }
  return { csv: lines.join('\n') + '\n', skipped };
}

/** Forecasts per peer method and task id (mean, 80 % bounds), plus the mean of the three models. */
export function parsePeerTaskOutput(csv: string): Map<string, MethodForecasts> {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byMethod = new Map<string, MethodForecasts>();
  for (const r of rows) {
    let m = byMethod.get(r.method);
    if (!m) byMethod.set(r.method, (m = new Map()));
    let f = m.get(r.unique_id);
    if (!f) m.set(r.unique_id, (f = { mean: [], lower: [], upper: [] }));
    const step = Number(r.step) - 1;
    f.mean[step] = Number(r.mean);
    f.lower![step] = Number(r.lo80);
    f.upper![step] = Number(r.hi80);
  }
  const members = PEER_MODELS.map((name) => byMethod.get(name));
  if (members.every((m) => m !== undefined)) {
    const mean: MethodForecasts = new Map();
    for (const [id, f] of members[0]!) {
      const all = members.map((m) => m!.get(id));
      const avg = (pick: (x: TaskForecast) => number[] | undefined) =>
        f.mean.map((_, i) => all.reduce((a, x) => a + (x ? (pick(x)?.[i] ?? NaN) : NaN), 0) / all.length);
      mean.set(id, { mean: avg((x) => x.mean), lower: avg((x) => x.lower), upper: avg((x) => x.upper) });
    }
    byMethod.set(PEER_MEAN, mean);
  }
  return byMethod;
}

/** The peer on a regular data set (monthly, weekly …): one cached run over every task. */
export async function peerTaskForecasts(
  tasks: readonly EvalTask[],
  seasonPeriod: number,
  options: PeerOptions,
): Promise<
  | { status: 'unavailable'; reason: string }
  | {
      status: 'cached' | 'computed';
      file: string;
      version: string;
      forecasts: Map<string, MethodForecasts>;
      seconds: Record<string, number>;
      skipped: number;
    }
> {
  const { csv: input, skipped } = peerTaskInputCsv(tasks);
  const raw = await cachedPeerRun(input, 'tasks', { season: seasonPeriod, freq: 'int' }, options);
  if (raw.status === 'unavailable') return raw;
  const { csv, ...rest } = raw;
  return { ...rest, forecasts: parsePeerTaskOutput(csv), skipped };
}

function runPython(python: string, args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('nice', ['-n', String(PEER_NICENESS), python, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (out += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err = (err + t).slice(-3000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise(out)
        : reject(new Error(`statsforecast exited with ${code}: ${err.trim()}`)),
    );
  });
}
