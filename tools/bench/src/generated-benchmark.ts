import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { engineWorkerPool, smape } from '@salescast/forecasting';
import {
  baselineForecasts,
  evaluateForecast,
  ForecastRow,
  previousActualsFrom,
  runForecast,
  TruthRow,
} from '@salescast/cli';
import { GENERATED, GeneratedStory, loadGeneratedStory } from './datasets/generated';
import { BenchJson } from './table';
import { RowKind, ScoreRow } from './scoring/score';

/** Share of SKUs, by revenue in July–August, in the "top" group (the plan's "top 20 % SKUs"). */
export const TOP_SHARE = 0.2;

/** One method's daily forecasts of every SKU of the story. */
export interface StoryMethod {
  method: string;
  kind: RowKind;
  rows: ForecastRow[];
  /** Fit + forecast seconds per SKU, when measured. */
  secondsPerSku: number | null;
  note?: string;
}

/** A row of the generated table; the JSON row shape of the other data sets plus the business's figures. */
export interface GeneratedRow extends ScoreRow {
  /** Per SKU-month, zeros skipped: MAPE and accuracy (100 − MAPE) on all SKUs and on the top 20 % by revenue. */
  mape_month: number | null;
  accuracy_month: number | null;
  mape_month_top: number | null;
  accuracy_month_top: number | null;
  wape_month_top: number | null;
  /** Share (0..1) of SKU-months moving the right way from the previous month's actual (June for July). */
  direction_top: number | null;
  direction_all: number | null;
  /** Per SKU-day. */
  wape_day: number | null;
  mape_day: number | null;
  note?: string;
}

export interface GeneratedReport {
  story: Pick<GeneratedStory, 'dir' | 'reused' | 'seed' | 'scale' | 'asOf' | 'horizon'>;
  skus: number;
  topSkus: number;
  rows: GeneratedRow[];
  /** (best baseline WAPE − ours) / (best baseline WAPE − oracle WAPE), monthly; NaN when undefined. */
  gapClosed: { value: number; bestBaseline: string };
  notes: string[];
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Share of the gap between the best baseline and the oracle that a forecaster closes (1 = as good as the
 * oracle, 0 = no better than the baseline, negative = worse). NaN when the baseline is already at or below
 * the oracle (there is no gap to close).
 */
export function gapClosed(bestBaselineWape: number, oursWape: number, oracleWape: number): number {
  const gap = bestBaselineWape - oracleWape;
  return gap > 0 ? (bestBaselineWape - oursWape) / gap : NaN;
}

/** Monthly sMAPE (M3 definition, percent) over every SKU-month, for the common JSON `smape` field. */
function monthlySmape(forecast: ForecastRow[], truth: TruthRow[]): number {
  const key = (sku: string, date: string) => `${sku}\u0000${date.slice(0, 7)}`;
  const months = new Map<string, { a: number; f: number }>();
  const fc = new Map(forecast.map((f) => [`${f.sku}\u0000${f.date}`, f.mean]));
  for (const t of truth) {
    const f = fc.get(`${t.sku}\u0000${t.date}`);
    if (f === undefined) continue;
    const m = months.get(key(t.sku, t.date)) ?? { a: 0, f: 0 };
    m.a += t.quantity;
    m.f += f;
    months.set(key(t.sku, t.date), m);
  }
  const v = [...months.values()];
  return smape(
    v.map((m) => m.a),
    v.map((m) => m.f),
  );
}

/** Scores every method on the same SKU-days with `salescast evaluate`'s code. */
export function scoreStory(
  story: Pick<GeneratedStory, 'dataset' | 'truth'>,
  methods: readonly StoryMethod[],
): { rows: GeneratedRow[]; topSkus: number; skus: number } {
  const prices = new Map([...story.dataset.skus.values()].map((s) => [s.sku, s.unitPrice]));
  const previousActual = previousActualsFrom(story.dataset);
  let topSkus = 0;
  let skus = 0;
  const rows = methods.map((m): GeneratedRow => {
    const month = evaluateForecast(m.rows, story.truth, {
      by: 'month',
      topShare: TOP_SHARE,
      prices,
      previousActual,
    });
    const day = evaluateForecast(m.rows, story.truth, { by: 'day', topShare: TOP_SHARE, prices });
    topSkus = month.top.skus;
    skus = month.skus;
    const missing = month.missingForecasts ? `${month.missingForecasts} truth SKU-days without forecast` : '';
    return {
      method: m.method,
      kind: m.kind,
      smape: finiteOrNull(monthlySmape(m.rows, story.truth)),
      mase: null,
      wape: finiteOrNull(month.all.wape),
      coverage80: finiteOrNull(month.coverage80),
      seconds_per_series: m.secondsPerSku,
      mape_month: finiteOrNull(month.all.mape),
      accuracy_month: finiteOrNull(month.all.accuracy),
      mape_month_top: finiteOrNull(month.top.mape),
      accuracy_month_top: finiteOrNull(month.top.accuracy),
      wape_month_top: finiteOrNull(month.top.wape),
      direction_top: finiteOrNull(month.top.directionalAccuracy),
      direction_all: finiteOrNull(month.all.directionalAccuracy),
      wape_day: finiteOrNull(day.all.wape),
      mape_day: finiteOrNull(day.all.mape),
      ...((m.note || missing) && { note: [m.note, missing].filter(Boolean).join(', ') }),
    };
  });
  return { rows, topSkus, skus };
}

/** The gap-closed figure of a table: ours against the best (lowest monthly WAPE) baseline and the oracle. */
export function gapOf(rows: readonly GeneratedRow[]): GeneratedReport['gapClosed'] {
  const ours = rows.find((r) => r.kind === 'ours');
  const oracle = rows.find((r) => r.kind === 'oracle');
  const baselines = rows.filter((r) => r.kind === 'baseline' && r.wape !== null);
  if (!ours?.wape || !oracle || oracle.wape === null || baselines.length === 0)
    return { value: NaN, bestBaseline: '' };
  const best = baselines.reduce((a, b) => (b.wape! < a.wape! ? b : a));
  return { value: gapClosed(best.wape!, ours.wape, oracle.wape), bestBaseline: best.method };
}

export interface GeneratedBenchOptions {
  seed: number;
  scale: number;
  /** Engine worker threads (0 or 1 = in this thread), as `salescast forecast --workers`. */
  workers: number;
  engineSeed: number;
  members?: string[];
  cacheRoot?: string;
  progress?: (phase: string) => ((done: number, total: number) => void) | undefined;
}

/**
 * `--dataset generated`: the retailer story of this seed and scale (generated once into the cache), forecast
 * from 2025-06-30 for July–August with the engine exactly as `salescast forecast` runs it (the CLI's
 * loadDataset → buildDailySeries → runForecast), beside the baselines and the oracle, all scored by
 * `salescast evaluate`'s code.
 */
export async function runGeneratedBenchmark(options: GeneratedBenchOptions): Promise<GeneratedReport> {
  const story = await loadGeneratedStory({
    seed: options.seed,
    scale: options.scale,
    cacheRoot: options.cacheRoot,
    engineSeed: options.engineSeed,
    onProgress: options.progress?.('generate'),
  });
  const { selection, horizon } = story;
  const executor = options.workers > 1 ? engineWorkerPool(options.workers) : undefined;
  const started = performance.now();
  let run;
  try {
    run = await runForecast(selection, {
      horizon,
      seed: options.engineSeed,
      members: options.members,
      executor,
      onProgress: options.progress?.('salescast'),
    });
  } finally {
    await executor?.close();
  }
  const wall = (performance.now() - started) / 1000;
  const ours: ForecastRow[] = run.forecasts.flatMap((f) =>
    f.dates.map((date, i) => ({ sku: f.input.sku.sku, date, mean: f.mean[i], p10: f.p10[i], p90: f.p90[i] })),
  );
  const fitSeconds =
    run.forecasts.reduce((a, f) => a + f.result.seconds, 0) / Math.max(1, run.forecasts.length);
  const baselines = baselineForecasts(selection, horizon);
  const methods: StoryMethod[] = [
    { method: 'salescast', kind: 'ours', rows: ours, secondsPerSku: fitSeconds },
    {
      method: 'naive_level',
      kind: 'baseline',
      rows: baselines.naive_level,
      secondsPerSku: null,
      note: 'June level',
    },
    {
      method: 'seasonal_naive',
      kind: 'baseline',
      rows: baselines.seasonal_naive,
      secondsPerSku: null,
      note: 'same weekday a year back',
    },
    {
      method: 'level_x_ratio',
      kind: 'baseline',
      rows: baselines.level_x_seasonal_ratio,
      secondsPerSku: null,
      note: 'June level × past month/June',
    },
    {
      method: 'oracle',
      kind: 'oracle',
      rows: story.oracle,
      secondsPerSku: null,
      note: "generator's mean and p10/p90",
    },
  ];
  const scored = scoreStory(story, methods);
  const chosen: Record<string, number> = {};
  for (const f of run.forecasts) chosen[f.result.chosen] = (chosen[f.result.chosen] ?? 0) + 1;
  const fallbacks = run.forecasts.filter((f) => f.result.fallbackReason).length;
  const notes = [
    `Data: salescast generate --seed ${story.seed} --scale ${story.scale} (${story.reused ? 'reused from' : 'written to'} ${story.dir}); ` +
      `${story.dataset.skus.size} SKUs in the master, ${selection.series.length} forecast from ${story.asOf} (${selection.skipped.length} skipped: no sale yet or discontinued), ${horizon} days ahead.`,
    `salescast: ${wall.toFixed(1)} s wall for ${run.forecasts.length} SKUs on ${executor ? `${options.workers} worker threads` : 'the main thread'} ` +
      `(${availableParallelism()} CPUs); s/SKU is the engine's fit + forecast time per SKU; chosen: ${Object.entries(
        chosen,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}${fallbacks ? `; ${fallbacks} fell back` : ''}.`,
    `Top ${Math.round(100 * TOP_SHARE)} %: the ${scored.topSkus} SKUs with the highest July–August revenue (truth units × list price), the same for every row.`,
  ];
  return {
    story: {
      dir: story.dir,
      reused: story.reused,
      seed: story.seed,
      scale: story.scale,
      asOf: story.asOf,
      horizon,
    },
    skus: scored.skus,
    topSkus: scored.topSkus,
    rows: scored.rows,
    gapClosed: gapOf(scored.rows),
    notes,
  };
}

const pct = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));
const share = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

/** The generated table as text: the business's figures per row, the gap closed and the notes. */
export function generatedToText(report: GeneratedReport): string {
  const header = [
    'method',
    'kind',
    'MAPE',
    'acc',
    'MAPE top',
    'acc top',
    'WAPE',
    'WAPE top',
    'dir top',
    'WAPE day',
    'cov80 day',
    's/SKU',
    'note',
  ];
  const lines = report.rows.map((r) => [
    r.method,
    r.kind,
    pct(r.mape_month),
    pct(r.accuracy_month),
    pct(r.mape_month_top),
    pct(r.accuracy_month_top),
    pct(r.wape),
    pct(r.wape_month_top),
    share(r.direction_top),
    pct(r.wape_day),
    share(r.coverage80),
    r.seconds_per_series === null ? '—' : r.seconds_per_series.toFixed(3),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 11 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const g = report.gapClosed;
  return [
    [
      `${GENERATED}: ${report.skus} SKUs (top 20 %: ${report.topSkus}), daily forecasts of July–August 2025 from ${report.story.asOf}, scored per SKU-month (and SKU-day)`,
      render(header),
      render(widths.map((w) => '-'.repeat(w))),
      ...lines.map(render),
    ].join('\n'),
    `gap closed (monthly WAPE): ${Number.isFinite(g.value) ? `${(100 * g.value).toFixed(1)} %` : 'n/a'} of the gap between the best baseline (${g.bestBaseline}) and the oracle`,
    'MAPE, acc (= 100 − MAPE) and WAPE per SKU-month, MAPE over SKU-months with a non-zero actual; "top": the top 20 % SKUs by revenue; dir top: share of top SKU-months whose forecast moves the same way from the previous month\'s actual as the actual did (June → July, July → August); WAPE day and cov80 day per SKU-day (cov80: share of SKU-days inside p10–p90; the oracle\'s is above 80 % because sales are whole units).',
    ...report.notes.map((n) => `- ${n}`),
  ].join('\n\n');
}

/** The `--json` document: `{dataset, rows}` like every data set, plus the gap closed and the story. */
export function generatedToJson(
  report: GeneratedReport,
): BenchJson & { gap_closed: number | null; best_baseline: string; story: GeneratedReport['story'] } {
  return {
    dataset: GENERATED,
    rows: report.rows,
    gap_closed: finiteOrNull(report.gapClosed.value),
    best_baseline: report.gapClosed.bestBaseline,
    story: report.story,
  };
}
