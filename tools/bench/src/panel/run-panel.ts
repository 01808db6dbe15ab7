import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isoDay, dayNumber } from '@salescast/datagen';
import { baselineForecasts, ForecastRow, runForecast, SeriesSelection } from '@salescast/cli';
import {
  defaultMembersFor,
  engineWorkerPool,
  Executor,
  fitPanelGlobalModel,
  GLOBAL_MODEL,
  hierarchyContexts,
  InlineExecutor,
  WorkerPoolExecutor,
} from '@salescast/forecasting';
import { FitModelInput, FitModelOutput, jobs as memberJobs, MEMBER_JOBS_MODULE } from '../engine/member-jobs';
import { fallbackNote, PEER_MEAN, PEER_MODELS, peerForecasts } from '../references/statsforecast';
import { OURS, SEASONAL_RATIO_NAIVE } from '../benchmark';
import { gapOfRows, GroupBias, groupBias, PanelMethod, PanelRow, scorePanelMethod } from './metrics';
import { PanelOrigin } from './origin';

export interface PanelRunOptions {
  /** Ensemble members (default: the engine's daily default). */
  members?: string[];
  /** Fit each member alone as a row (default true). */
  memberRows: boolean;
  /** Run the engine (ours and member rows); false = baselines, peer and oracle only (default true). */
  engine?: boolean;
  /** statsforecast peer: run it (or read its cache), only read its cache, or skip it. */
  peer: 'run' | 'cache-only' | 'skip';
  workers: number;
  seed: number;
  progress?: (phase: string) => ((done: number, total: number) => void) | undefined;
}

/** One origin's table: every row scored on the same SKU-days. */
export interface PanelTable {
  dataset: string;
  asOf: string;
  horizon: number;
  skus: number;
  topSkus: number;
  rows: PanelRow[];
  /** ours against the best baseline and the oracle (monthly WAPE), where there is an oracle. */
  gapClosed: { value: number; bestBaseline: string };
  /**
   * ours by category and month against the oracle's noise-free mean ('expectation', generated worlds) or the
   * actual units (groupBias); absent without engine rows.
   */
  bias?: { reference: 'expectation' | 'actual'; groups: GroupBias[] };
  notes: string[];
}

const clip = (v: number) => (Number.isFinite(v) ? Math.max(0, v) : NaN);

/** Daily rows of one SKU's forecast, dated from the day after as-of; nothing sold on or after discontinuation. */
function toRows(
  sku: string,
  asOf: string,
  mean: readonly number[],
  lower?: readonly number[],
  upper?: readonly number[],
  stop = Infinity,
): ForecastRow[] {
  const first = dayNumber(asOf) + 1;
  return mean.map((m, i) => {
    const off = first + i >= stop;
    return {
      sku,
      date: isoDay(first + i),
      mean: off ? 0 : clip(m),
      ...(lower && upper && { p10: off ? 0 : clip(lower[i]), p90: off ? 0 : clip(upper[i]) }),
    };
  });
}

/** The baseline rows: last-month level, same weekday a year back, and the recovery-aware seasonal naive. */
export function baselineMethods(selection: SeriesSelection, horizon: number): PanelMethod[] {
  const b = baselineForecasts(selection, horizon);
  return [
    { method: 'naive_level', kind: 'baseline', rows: b.naive_level, note: 'mean of the last 30 days' },
    {
      method: 'seasonal_naive_364',
      kind: 'baseline',
      rows: b.seasonal_naive,
      note: 'same weekday a year back (the level where the history is shorter)',
    },
    {
      method: SEASONAL_RATIO_NAIVE,
      kind: 'baseline',
      rows: b.level_x_seasonal_ratio,
      note: 'last-30-day level × pooled month ratios of normal past years',
    },
  ];
}

/**
 * Each member fitted alone on every SKU (the engine's own fit path, as the ensemble prepares the series): with
 * the contexts the hierarchy gives the SKUs (their category's history, the shop's closed weekdays), and, for the
 * global model, the paths the panel fits for it first, as `salescast forecast` does. No reconciliation.
 */
async function memberMethods(
  origin: PanelOrigin,
  members: readonly string[],
  executor: Executor,
  progress: PanelRunOptions['progress'],
  seed: number,
): Promise<{ methods: PanelMethod[]; notes: string[] }> {
  const groups = origin.selection.series.map((s) => s.sku.category);
  const { skuJobs } = hierarchyContexts(
    origin.selection.series.map((s, i) => ({ series: s.series, context: s.context, group: groups[i] })),
  );
  const methods: PanelMethod[] = [];
  const notes: string[] = [];
  const level = new Map<string, ForecastRow[]>();
  for (const r of baselineMethods(origin.selection, origin.horizon)[0].rows) {
    const list = level.get(r.sku) ?? [];
    level.set(r.sku, list);
    list.push(r);
  }
  for (const model of members) {
    const global =
      model === GLOBAL_MODEL
        ? (await fitPanelGlobalModel(skuJobs, { horizon: origin.horizon, members: [model], groups, seed }))
            .forecasts
        : [];
    const outputs = await executor.map<FitModelInput, FitModelOutput>(
      'fitModel',
      skuJobs.map((job, i) => ({
        model,
        series: job.series,
        context: global[i] ? { ...job.context, globalForecasts: global[i] } : job.context,
        horizon: origin.horizon,
      })),
      progress?.(model),
    );
    const rows: ForecastRow[] = [];
    let failed = 0;
    let notApplicable = 0;
    const reasons: string[] = [];
    let seconds = 0;
    outputs.forEach((o, i) => {
      const s = origin.selection.series[i];
      seconds += o.seconds ?? 0;
      if (o.notApplicable !== undefined || o.error !== undefined || o.mean.length < origin.horizon) {
        if (o.notApplicable !== undefined) notApplicable++;
        else {
          failed++;
          if (reasons.length < 2) reasons.push(`${s.series.id}: ${o.error ?? 'short forecast'}`);
        }
        rows.push(...(level.get(s.series.id) ?? []));
        return;
      }
      const stop = s.sku.discontinuedOn !== undefined ? dayNumber(s.sku.discontinuedOn) : Infinity;
      rows.push(...toRows(s.series.id, origin.asOf, o.mean, o.lower, o.upper, stop));
    });
    const note = [
      failed ? `${failed} failed → naive_level` : '',
      notApplicable ? `${notApplicable} n/a → naive_level` : '',
    ]
      .filter(Boolean)
      .join(', ');
    methods.push({
      method: model,
      kind: 'member',
      rows,
      secondsPerSku: seconds / Math.max(1, outputs.length),
      ...(note && { note }),
    });
    if (failed) notes.push(`${model}: ${failed} SKUs failed, e.g. ${reasons.join('; ')}.`);
  }
  return { methods, notes };
}

/** The engine's rows: salescast as `salescast forecast` runs it, then each member alone. */
async function engineMethods(
  origin: PanelOrigin,
  members: readonly string[],
  options: PanelRunOptions,
  notes: string[],
): Promise<PanelMethod[]> {
  const { selection, horizon } = origin;
  const methods: PanelMethod[] = [];
  const pool = options.workers > 1 ? engineWorkerPool(options.workers) : undefined;
  const started = performance.now();
  const load = loadavg()[0];
  let run;
  try {
    run = await runForecast(selection, {
      horizon,
      seed: options.seed,
      members: options.members,
      executor: pool,
      onProgress: options.progress?.(OURS),
    });
  } finally {
    await pool?.close();
  }
  const wall = (performance.now() - started) / 1000;
  const ours = run.forecasts.flatMap((f) =>
    f.dates.map((date, i) => ({ sku: f.input.sku.sku, date, mean: f.mean[i], p10: f.p10[i], p90: f.p90[i] })),
  );
  methods.push({
    method: OURS,
    kind: 'ours',
    rows: ours,
    secondsPerSku:
      run.forecasts.reduce((a, f) => a + f.result.seconds, 0) / Math.max(1, run.forecasts.length),
  });
  const chosen: Record<string, number> = {};
  for (const f of run.forecasts) chosen[f.result.chosen] = (chosen[f.result.chosen] ?? 0) + 1;
  notes.push(
    `${OURS}: members ${members.join(', ')}; ${wall.toFixed(1)} s wall for ${run.forecasts.length} SKUs on ${pool ? `${options.workers} worker threads` : 'the main thread'} (${availableParallelism()} CPUs, load ${load.toFixed(1)} at the start); chosen: ${Object.entries(
      chosen,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );

  if (options.memberRows) {
    const executor: Executor =
      options.workers > 1
        ? new WorkerPoolExecutor({ jobsModule: MEMBER_JOBS_MODULE, size: options.workers })
        : new InlineExecutor(memberJobs);
    try {
      const m = await memberMethods(origin, members, executor, options.progress, options.seed);
      methods.push(...m.methods);
      notes.push(...m.notes);
    } finally {
      await executor.close();
    }
  }

  return methods;
}

/**
 * Every row of one origin: the salescast ensemble exactly as `salescast forecast` runs it, each member alone,
 * the baselines, the statsforecast peer (cached per data set and origin) and the oracle where there is one,
 * all scored by the same code on the same SKU-days.
 */
export async function runPanelOrigin(origin: PanelOrigin, options: PanelRunOptions): Promise<PanelTable> {
  const notes: string[] = [];
  const methods: PanelMethod[] = [];
  const { selection, horizon } = origin;
  const members = options.members ?? [...defaultMembersFor('daily')];

  if (options.engine !== false) methods.push(...(await engineMethods(origin, members, options, notes)));
  else notes.push('engine rows: skipped (--no-engine).');
  methods.push(...baselineMethods(selection, horizon));

  if (options.peer !== 'skip') {
    let peer;
    try {
      peer = await peerForecasts(selection, {
        dataset: origin.dataset,
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
        `statsforecast ${peer.version} (AutoETS, AutoTheta, AutoARIMA, season 7, defaults; mean = their average, p10/p90 averaged too), ${peer.status === 'cached' ? 'from cache' : 'computed in this run'}: ${peer.file}.${fallbackNote(peer.fallbacks)}`,
      );
      const n = Math.max(1, selection.series.length);
      for (const name of [PEER_MEAN, ...PEER_MODELS]) {
        const rows = peer.forecasts.get(name);
        if (!rows) continue;
        const sec =
          name === PEER_MEAN
            ? PEER_MODELS.reduce((a, m) => a + (peer.seconds[m] ?? NaN), 0)
            : (peer.seconds[name] ?? NaN);
        methods.push({
          method: `statsforecast ${name}`,
          kind: 'peer',
          rows,
          secondsPerSku: Number.isFinite(sec) ? sec / n : null,
          ...(peer.status === 'cached' && { note: 'cached' }),
        });
      }
    }
  } else notes.push('statsforecast peer rows: skipped (--peer skip).');

  if (origin.oracle)
    methods.push({
      method: 'oracle',
      kind: 'oracle',
      rows: origin.oracle,
      note: "generator's noise-free mean, p10/p90",
    });

  const scored = methods.map((m) => scorePanelMethod(m, origin));
  const rows: PanelRow[] = scored.map(({ topSkus: _t, skus: _s, ...row }) => row);
  const ours = methods.find((m) => m.method === OURS);
  const categories = new Map(selection.series.map((s) => [s.sku.sku, s.sku.category]));
  return {
    dataset: origin.dataset,
    asOf: origin.asOf,
    horizon,
    skus: scored[0]?.skus ?? 0,
    topSkus: scored[0]?.topSkus ?? 0,
    rows,
    gapClosed: gapOfRows(rows),
    ...(ours && {
      bias: {
        reference: origin.oracle ? ('expectation' as const) : ('actual' as const),
        groups: groupBias(
          ours.rows,
          origin.oracle
            ? origin.oracle.map((r) => ({ sku: r.sku, date: r.date, value: r.mean }))
            : origin.truth.map((r) => ({ sku: r.sku, date: r.date, value: r.quantity })),
          (sku) => categories.get(sku) ?? '',
        ),
      },
    }),
    notes: [`SKUs: ${origin.rule}.`, ...notes],
  };
}
