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
/** Python runs at low priority: other work shares the cores. */
export const PEER_NICENESS = 15;

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
    const v = Number(s);
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

/**
 * statsforecast's forecasts for one origin: from the cache when the same inputs were run before, else
 * computed with the venv's Python (at low priority) and cached. Never throws when Python is missing: the
 * result says why the peer rows are absent.
 */
export async function peerForecasts(selection: SeriesSelection, options: PeerOptions): Promise<PeerResult> {
  const python = options.python ?? join(peerVenv(), 'bin', 'python');
  const env = detectPeer(python);
  if ('missing' in env) return { status: 'unavailable', reason: env.missing };
  const input = peerInputCsv(selection);
  const file = peerCacheFile(options.dataset, selection.asOf, env.version, input, options.horizon);
  const timesFile = `${file}.seconds.json`;
  const readTimes = () =>
    existsSync(timesFile) ? (JSON.parse(readFileSync(timesFile, 'utf8')) as Record<string, number>) : {};
  if (existsSync(file))
    return {
      status: 'cached',
      file,
      version: env.version,
      forecasts: parsePeerOutput(readFileSync(file, 'utf8'), selection.asOf),
      seconds: readTimes(),
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
      '7',
      String(Math.max(1, options.jobs)),
    ]);
    const seconds: Record<string, number> = {};
    for (const m of stdout.matchAll(/^seconds (\S+) ([\d.]+)$/gm)) seconds[m[1]] = Number(m[2]);
    writeFileSync(timesFile, JSON.stringify(seconds));
    renameSync(`${file}.partial`, file);
    return {
      status: 'computed',
      file,
      version: env.version,
      forecasts: parsePeerOutput(readFileSync(file, 'utf8'), selection.asOf),
      seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
