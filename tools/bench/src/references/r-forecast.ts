import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EvalTask } from '../datasets/types';
import { MethodForecasts } from '../scoring/forecasts';

/** The R script that fits the reference methods (shipped next to this package). */
export const R_SCRIPT = resolve(__dirname, '../../r/forecast-references.R');
/** R methods the script fits, as named in its output and in the table (prefixed `R `). */
export const R_METHODS = ['auto.arima', 'ets', 'thetaf', 'snaive'] as const;

export interface REnvironment {
  rVersion: string;
  forecastVersion: string;
}

/** R and its forecast package as installed, or the reason they cannot be used. */
export function detectR(rscript = 'Rscript'): REnvironment | { missing: string } {
  try {
    const out = execFileSync(
      rscript,
      [
        '-e',
        'suppressPackageStartupMessages(library(forecast)); cat(paste(R.version$major, R.version$minor, sep = "."), as.character(packageVersion("forecast")))',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const [rVersion, forecastVersion] = out.trim().split(/\s+/);
    if (!rVersion || !forecastVersion) return { missing: `unexpected answer from Rscript: '${out.trim()}'` };
    return { rVersion, forecastVersion };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return { missing: `${rscript} not found (run \`npm run bench:r-install\`)` };
    return {
      missing: `R package 'forecast' not loadable (run \`npm run bench:r-install\`): ${(e.stderr ?? e.message).trim().split('\n')[0]}`,
    };
  }
}

/** The script's input: one row per task, the training values separated by spaces. */
export function rInputCsv(tasks: EvalTask[]): string {
  const lines = ['task_id,period,h,y'];
  for (const t of tasks) {
    if (/[,"\s]/.test(t.id))
      throw new Error(`task id '${t.id}' cannot be written to the R input (comma, quote or space)`);
    if (t.series.y.some((v) => !Number.isFinite(v)))
      throw new Error(`task ${t.id}: missing values cannot be passed to R`);
    lines.push(`${t.id},${t.context.seasonPeriod},${t.actual.length},${t.series.y.map(String).join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'salescast', 'bench');
}

/** `<dataset>-<R version>-<forecast version>-<hash of inputs and script>.csv` in the cache dir. */
export function cacheFile(dataset: string, env: REnvironment, inputCsv: string, script: string): string {
  const hash = createHash('sha256').update(script).update('\0').update(inputCsv).digest('hex').slice(0, 16);
  return join(cacheDir(), `${dataset}-R${env.rVersion}-forecast${env.forecastVersion}-${hash}.csv`);
}

/** Reads the script's output into forecasts per method (`R <name>`), NaN where R failed. */
export function parseROutput(csv: string): Map<string, MethodForecasts> {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byMethod = new Map<string, MethodForecasts>();
  for (const r of rows) {
    const method = `R ${r.method}`;
    let forecasts = byMethod.get(method);
    if (!forecasts) byMethod.set(method, (forecasts = new Map()));
    let f = forecasts.get(r.task_id);
    if (!f) forecasts.set(r.task_id, (f = { mean: [], lower: [], upper: [], seconds: Number(r.seconds) }));
    const step = Number(r.step) - 1;
    const num = (s: string) => (s === 'NA' || s === '' ? NaN : Number(s));
    f.mean[step] = num(r.mean);
    f.lower![step] = num(r.lo80);
    f.upper![step] = num(r.hi80);
  }
  return byMethod;
}

export interface RRunOptions {
  /** Parallel Rscript processes; tasks are dealt round-robin so each gets a similar mix. */
  processes: number;
  /** `nice` increment for the R processes (other work shares the cores). */
  niceness: number;
  /** The Rscript command (default `Rscript` on the PATH). */
  rscript?: string;
  onProgress?: (done: number, total: number) => void;
}

const OUTPUT_HEADER = 'task_id,method,step,mean,lo80,hi80,seconds';

/**
 * The rows of the tasks an output file holds in full (every method × every step), in file order.
 * The file may be cut anywhere (a run that was killed): a last line without its newline is dropped, and
 * so are tasks with rows missing.
 */
export function completeRows(text: string, horizonOf: ReadonlyMap<string, number>): Map<string, string[]> {
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a line that was cut
  const byTask = new Map<string, string[]>();
  for (const line of lines) {
    if (line === OUTPUT_HEADER || line === '') continue;
    const id = line.slice(0, line.indexOf(','));
    const rows = byTask.get(id);
    if (rows) rows.push(line);
    else byTask.set(id, [line]);
  }
  for (const [id, rows] of byTask)
    if (rows.length !== R_METHODS.length * (horizonOf.get(id) ?? NaN)) byTask.delete(id);
  return byTask;
}

/**
 * Runs the R script over the tasks in `processes` parallel Rscript processes, each writing its output
 * straight into `partsDir` (so that a run that is stopped keeps what it finished; see rReferences).
 */
export async function runR(
  tasks: EvalTask[],
  partsDir: string,
  { processes, niceness, rscript = 'Rscript', onProgress }: RRunOptions,
  alreadyDone = 0,
  total = tasks.length,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'salescast-bench-r-'));
  const run = Date.now();
  try {
    const chunks = Array.from({ length: Math.max(1, Math.min(processes, tasks.length)) }, (_, p) =>
      tasks.filter((_, i) => i % processes === p),
    );
    const done = chunks.map(() => 0);
    await Promise.all(
      chunks.map(async (chunk, p) => {
        const input = join(dir, `in-${p}.csv`);
        writeFileSync(input, rInputCsv(chunk));
        await runScript(rscript, input, join(partsDir, `run-${run}-${p}.csv`), niceness, (n) => {
          done[p] = n;
          onProgress?.(alreadyDone + done.reduce((a, b) => a + b, 0), total);
        });
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runScript(
  rscript: string,
  input: string,
  output: string,
  niceness: number,
  progress: (done: number) => void,
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('nice', ['-n', String(niceness), rscript, R_SCRIPT, input, output], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // One BLAS thread per process: the parallelism is the processes.
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    });
    let stderrTail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      for (const m of text.matchAll(/^done (\d+)$/gm)) progress(Number(m[1]));
      stderrTail = (stderrTail + text).slice(-2000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolvePromise()
        : reject(
            new Error(`${rscript} exited with ${code}: ${stderrTail.replace(/^done \d+\n/gm, '').trim()}`),
          ),
    );
  });
}

export type RReferences =
  | { status: 'unavailable'; reason: string }
  | {
      status: 'cached' | 'computed' | 'resumed';
      file: string;
      env: REnvironment;
      forecasts: Map<string, MethodForecasts>;
    };

/**
 * R reference forecasts for a data set: from the cache when the same inputs were run before, else computed
 * and cached. A run writes into `<cache file>.parts/`; a run that was stopped is resumed from the tasks
 * it finished, and the parts become the cache file once every task is there.
 */
export async function rReferences(
  dataset: string,
  tasks: EvalTask[],
  options: RRunOptions,
): Promise<RReferences> {
  const env = detectR(options.rscript);
  if ('missing' in env) return { status: 'unavailable', reason: env.missing };
  const file = cacheFile(dataset, env, rInputCsv(tasks), readFileSync(R_SCRIPT, 'utf8'));
  if (existsSync(file))
    return { status: 'cached', file, env, forecasts: parseROutput(readFileSync(file, 'utf8')) };
  const partsDir = `${file}.parts`;
  mkdirSync(partsDir, { recursive: true });
  const horizonOf = new Map(tasks.map((t) => [t.id, t.actual.length]));
  const finished = () => {
    const rows = new Map<string, string[]>();
    for (const part of readdirSync(partsDir))
      for (const [id, lines] of completeRows(readFileSync(join(partsDir, part), 'utf8'), horizonOf))
        rows.set(id, lines);
    return rows;
  };
  const before = finished();
  await runR(
    tasks.filter((t) => !before.has(t.id)),
    partsDir,
    options,
    before.size,
    tasks.length,
  );
  const rows = finished();
  const missing = tasks.filter((t) => !rows.has(t.id));
  if (missing.length > 0)
    throw new Error(`R gave no complete forecast for ${missing.length} tasks, e.g. ${missing[0].id}`);
  const csv = [OUTPUT_HEADER, ...tasks.flatMap((t) => rows.get(t.id)!)].join('\n') + '\n';
  writeFileSync(`${file}.partial`, csv);
  renameSync(`${file}.partial`, file);
  rmSync(partsDir, { recursive: true, force: true });
  return { status: before.size > 0 ? 'resumed' : 'computed', file, env, forecasts: parseROutput(csv) };
}
