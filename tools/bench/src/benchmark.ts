import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  ENSEMBLE_MODEL,
  defaultMembersFor,
  defaultRegistry,
  engineWorkerPool,
  Executor,
  InlineExecutor,
  WorkerPoolExecutor,
} from '@salescast/forecasting';
import { BenchDataset, EvalTask } from './datasets/types';
import { jobs as memberJobs, MEMBER_JOBS_MODULE } from './engine/member-jobs';
import { runEnsemble, runModel } from './engine/run-engine';
import { loadParticipantForecasts } from './references/m3-participants';
import { R_METHODS, rReferences, RRunOptions } from './references/r-forecast';
import { MethodForecasts } from './scoring/forecasts';
import { seasonalRatioNaiveForecasts } from './baselines/seasonal-ratio-naive';
import { PEER_MEAN, PEER_MODELS, peerTaskForecasts } from './references/statsforecast';
import { RowKind, ScoredMethod, scoreMethod } from './scoring/score';
import { tasksForReferences } from './references/fill';

/** Baseline rows, always reported (kind "baseline"), whatever the ensemble's members are. */
export const BASELINES = ['naive', 'snaive', 'naive2'] as const;
export const OURS = 'salescast';
/** The recovery-aware seasonal naive (docs/benchmarks.md): last level × pooled seasonal ratios of past years. */
export const SEASONAL_RATIO_NAIVE = 'seasonal_ratio_naive';
/** R runs at low priority: it is a long background job on cores that other work shares. */
export const R_NICENESS = 15;

export interface BenchmarkOptions {
  datasetsRoot: string;
  /** Ensemble members (default: the engine's default for the data set's frequency); each also gets its own row. */
  members?: string[];
  /** More registry models to fit alone as rows (not in the ensemble); 'all' = every registered model. */
  also?: string[] | 'all';
  /** Run R's forecast package (or read its cache). */
  r: boolean;
  /** The statsforecast peer rows: run (or read the cache), cache-only, or skip (the default). */
  peer?: 'run' | 'cache-only' | 'skip';
  rProcesses: number;
  /** Worker threads for the engine (0 = inline in this thread). */
  workers: number;
  seed: number;
  /** Progress of a named phase (a bar per phase on stderr). */
  progress?: (phase: string) => ((done: number, total: number) => void) | undefined;
}

/** Forecasts of one method over the data set, with what the table says about where they came from. */
interface MethodRun {
  method: string;
  kind: RowKind;
  forecasts: MethodForecasts;
  note?: string;
  /**
   * Tasks the method does not apply to (why: `notApplicableReason`) and tasks whose fit failed, counted per
   * table (a table of one origin counts that origin's). A table where it applies to no task shows no figures.
   */
  notApplicableIds?: ReadonlySet<string>;
  notApplicableReason?: string;
  failedIds?: ReadonlySet<string>;
}

/** A table: every method scored on the same tasks. */
export interface ScoreTable {
  title: string;
  tasks: number;
  series: number;
  methods: ScoredMethod[];
}

export interface BenchmarkReport {
  dataset: BenchDataset;
  tables: ScoreTable[];
  /** Printed under the tables: references' provenance, R status, exclusions, footnotes. */
  notes: string[];
}

/** Runs every row of a data set's table: ours, the members, the baselines and the references. */
export async function runBenchmark(
  dataset: BenchDataset,
  options: BenchmarkOptions,
): Promise<BenchmarkReport> {
  const { tasks, horizon } = dataset;
  const notes: string[] = [];
  const runs: MethodRun[] = [];
  const registry = defaultRegistry();
  // the ensemble's own members by default (daily data sets have their own), so the member rows are its parts
  const members = options.members ?? defaultMembersFor(dataset.freq).filter((m) => registry.has(m));
  // R and the peer cannot take missing values: they get the gaps filled (the engine's rows do not).
  const forReferences = tasksForReferences(tasks, dataset.seasonPeriod);
  if (forReferences.filled > 0 && (options.r || (options.peer ?? 'skip') !== 'skip'))
    notes.push(
      `References: ${forReferences.filled} of ${tasks.length} histories had missing values (${forReferences.values} in all); R and statsforecast got them filled with the value one season earlier (else later), the engine's rows got them missing.`,
    );

  if (dataset.name === 'm3_monthly') {
    for (const [method, forecasts] of loadParticipantForecasts(
      options.datasetsRoot,
      new Set(tasks.map((t) => t.id)),
    ))
      runs.push({ method, kind: 'reference', forecasts });
    notes.push(
      "M3 rows: the participants' own submitted forecasts (participant_forecasts.csv), scored with our metric code; no intervals or timings.",
    );
  }

  if (options.r) {
    const rOptions: RRunOptions = {
      processes: options.rProcesses,
      niceness: R_NICENESS,
      onProgress: options.progress?.('R forecast'),
    };
    const r = await rReferences(dataset.name, forReferences.tasks, rOptions);
    if (r.status === 'unavailable') notes.push(`R references: not available — ${r.reason}.`);
    else {
      const origin = {
        cached: 'from cache',
        computed: 'computed in this run',
        resumed: 'finished in this run from an earlier, stopped run',
      }[r.status];
      notes.push(
        `R rows: R ${r.env.rVersion}, forecast ${r.env.forecastVersion}, ${origin}: ${r.file} (seconds: wall time of each fit when it was computed, R at low priority on shared cores).`,
      );
      for (const name of R_METHODS)
        runs.push({
          method: `R ${name}`,
          kind: 'reference',
          forecasts: r.forecasts.get(`R ${name}`) ?? new Map(),
          note: r.status === 'cached' ? 'cached' : undefined,
        });
    }
  } else notes.push('R references: skipped (--no-r).');

  // Worker threads when asked (the engine's own pool for the ensemble), else the engine's inline default.
  const enginePool = options.workers > 0 ? engineWorkerPool(options.workers) : undefined;
  try {
    const started = performance.now();
    const loadBefore = loadavg()[0];
    const ensemble = await runEnsemble(
      tasks,
      { horizon, members: options.members, seed: options.seed, executor: enginePool },
      options.progress?.(OURS),
    );
    const wall = (performance.now() - started) / 1000;
    runs.unshift({ method: OURS, kind: 'ours', forecasts: ensemble.forecasts });
    notes.push(
      `${OURS} wall time: ${wall.toFixed(1)} s for ${tasks.length} forecasts on ${options.workers > 0 ? `${options.workers} worker threads` : 'the main thread'} (${((wall / tasks.length) * 1000).toFixed(0)} ms per forecast; ${cpus().length} cores, 1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end).`,
    );
    notes.push(
      `${OURS}: ensemble of ${members.join(', ')}; chosen per forecast: ${Object.entries(ensemble.chosen)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}${ensemble.fallbacks ? `; ${ensemble.fallbacks} fell back (${ensemble.reasons.join('; ')})` : ''}.`,
    );
    const origins = ensemble.stages.length > 1 ? ` (${ensemble.stages.length} panels, one per origin)` : '';
    ensemble.stages.forEach((stage) => notes.push(`${OURS}${origins}: ${stage}.`));
  } finally {
    await enginePool?.close();
  }

  const modelExecutor: Executor =
    options.workers > 0
      ? new WorkerPoolExecutor({ jobsModule: MEMBER_JOBS_MODULE, size: options.workers })
      : new InlineExecutor(memberJobs);
  try {
    const also =
      options.also === 'all' ? registry.names().filter((n) => n !== ENSEMBLE_MODEL) : (options.also ?? []);
    const models = [...new Set([...members, ...also, ...BASELINES])];
    for (const model of models) {
      const kind: RowKind = registry.get(model).family === 'baseline' ? 'baseline' : 'member';
      const run = await runModel(model, tasks, horizon, modelExecutor, options.progress?.(model));
      const why = run.notApplicableReasons.join('; ');
      runs.push({
        method: model,
        kind,
        forecasts: run.forecasts,
        notApplicableIds: run.notApplicableIds,
        notApplicableReason: why,
        failedIds: run.failedIds,
      });
      if (run.failedIds.size)
        notes.push(
          `${model}: ${run.failedIds.size} fits failed and were scored as naive, e.g. ${run.reasons.join('; ')}.`,
        );
    }
  } finally {
    await modelExecutor.close();
  }
  if ((options.peer ?? 'skip') !== 'skip') {
    let peer;
    try {
      peer = await peerTaskForecasts(forReferences.tasks, dataset.seasonPeriod, {
        dataset: dataset.name,
        horizon,
        jobs: Math.max(1, options.workers),
        cacheOnly: options.peer === 'cache-only',
      });
    } catch (e) {
      peer = { status: 'unavailable' as const, reason: e instanceof Error ? e.message : String(e) };
    }
    if (peer.status === 'unavailable') notes.push(`statsforecast peer rows missing: ${peer.reason}.`);
    else {
      notes.push(
        `statsforecast ${peer.version} (AutoETS, AutoTheta, AutoARIMA with season ${dataset.seasonPeriod}, defaults; mean = their average), ${peer.status === 'cached' ? 'from cache' : 'computed in this run'}: ${peer.file}${peer.skipped ? `; ${peer.skipped} tasks with missing values left out (scored as naive)` : ''}.`,
      );
      for (const name of [PEER_MEAN, ...PEER_MODELS]) {
        const forecasts = peer.forecasts.get(name);
        if (forecasts)
          runs.push({
            method: `statsforecast ${name}`,
            kind: 'reference',
            forecasts,
            note: peer.status === 'cached' ? 'cached' : undefined,
          });
      }
    }
  } else
    notes.push(
      "statsforecast peer rows: skipped (--peer skip, or the regular data sets' default in the API).",
    );
  runs.push({
    method: SEASONAL_RATIO_NAIVE,
    kind: 'baseline',
    forecasts: seasonalRatioNaiveForecasts(tasks, dataset.seasonPeriod),
    note: 'last level × pooled seasonal ratios',
  });

  return { dataset, tables: scoreTables(dataset, runs), notes: [...notes, ...describeDataset(dataset)] };
}

/** Scores every run on all tasks, then on each subset of series (same runs, fewer tasks). */
export function scoreTables(dataset: BenchDataset, runs: readonly MethodRun[]): ScoreTable[] {
  const table = (title: string, tasks: EvalTask[]): ScoreTable => ({
    title,
    tasks: tasks.length,
    series: new Set(tasks.map((t) => t.seriesId)).size,
    methods: runs.map((r) => {
      const notApplicable = tasks.filter((t) => r.notApplicableIds?.has(t.id)).length;
      if (notApplicable > 0 && notApplicable === tasks.length) return notApplicableRow(r);
      const failed = tasks.filter((t) => r.failedIds?.has(t.id)).length;
      const scored = scoreMethod(r.method, r.kind, tasks, r.forecasts, dataset.seasonPeriod);
      const notes = [
        r.note,
        failed ? `${failed} could not fit` : undefined,
        notApplicable ? `${notApplicable} not applicable (${r.notApplicableReason})` : undefined,
        scored.fellBack ? `${scored.fellBack} naive fallback` : undefined,
        scored.maseUndefined ? `MASE undefined ×${scored.maseUndefined}` : undefined,
      ];
      return { ...scored, note: notes.filter(Boolean).join(', ') || undefined };
    }),
  });
  return [
    table(dataset.name, dataset.tasks),
    ...dataset.subsets.map((s) => {
      const ids = new Set(s.seriesIds);
      return table(
        `${dataset.name} [${s.name}]`,
        dataset.tasks.filter(
          (t) => ids.has(t.seriesId) && (s.origin === undefined || t.id.endsWith(`@${s.origin}`)),
        ),
      );
    }),
  ];
}

/** A row for a method that applies to no task: no figures (JSON nulls), the reason as the note. */
function notApplicableRow(run: MethodRun): ScoredMethod {
  return {
    row: {
      method: run.method,
      kind: run.kind,
      smape: null,
      mase: null,
      wape: null,
      coverage80: null,
      msis80: null,
      seconds_per_series: null,
    },
    fellBack: 0,
    maseUndefined: 0,
    note: `not applicable (${run.notApplicableReason})`,
  };
}

function describeDataset(dataset: BenchDataset): string[] {
  return [
    `Split: ${dataset.split}.`,
    ...dataset.subsets.map((s) =>
      s.origin === undefined
        ? `Subset [${s.name}] (${s.seriesIds.length} series): ${s.rule}: ${s.seriesIds.join(', ')}.`
        : `Subset [${s.name}] (${s.seriesIds.length} series): ${s.rule}.`,
    ),
    ...(dataset.excluded.length
      ? [`Excluded: ${dataset.excluded.map((e) => `${e.seriesId} (${e.reason})`).join('; ')}.`]
      : []),
    ...dataset.footnotes,
  ];
}
