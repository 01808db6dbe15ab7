import { dateAt, periodsBetween } from '../core/calendar';
import { mixSeed, seededRandom } from '../core/stats';
import { FitContext, Series } from '../core/types';
import { planOrigins } from '../ensemble/backtest';
import { trainingWindow } from '../ensemble/training-window';
import {
  DEFAULT_GLOBAL_GBT,
  GLOBAL_DAILY_LOSS,
  GLOBAL_MAX_ROWS,
  GLOBAL_MIN_SERIES,
  GLOBAL_MODEL,
  GLOBAL_ROWS_PER_SERIES,
  GLOBAL_TARGET_CAP,
  GlobalRows,
} from '../models/ml/global-model';
import { fitGlobalAr, GLOBAL_AR, monthlyPooled, planBoostedCuts } from '../models/ml/global-ar';
import { horizonBuckets } from '../models/ml/tree-models';
import { trainAndPredict, XgboostParams } from '../models/ml/xgboost-runtime';
import { DEFAULT_MEMBERS } from './registry';

/**
 * The panel's pass of the global models, before the series are forecast one by one: `global_gbm` on daily
 * panels (models/ml/global-model.ts), fitted once per backtest origin of the panel and once at its end, and
 * `global_ar` and `global_gbm` on monthly ones (models/ml/global-ar.ts), on windows cut at the backtest
 * distances and at the end.
 */

export interface GlobalEntry {
  series: Series;
  context: FitContext;
  /** The SKU's group (category); '' for none. */
  group?: string;
}

export interface GlobalOptions {
  horizon: number;
  /** The ensemble's members (default: the monthly defaults): which of the monthly global models to fit. */
  members?: readonly string[];
  backtest?: { origins?: number; step?: number };
  seed?: number;
  params?: XgboostParams;
}

/** What one global fit did, for logs and benchmarks. */
export interface GlobalReport {
  /** Forecast origins fitted (first forecast day), oldest first. */
  origins: string[];
  boosters: number;
  /** Fits of the monthly global AR (models/ml/global-ar.ts): one per backtest distance and one at the end. */
  arFits?: number;
  /** Boosters of the monthly global_gbm (models/ml/global-ar.ts): one per step ahead, at two cuts. */
  monthlyBoosters?: number;
  /** Training rows per booster, mean. */
  meanRows: number;
  seconds: number;
}

/** The result of a panel the global model does not pool: no paths for any of its `count` entries. */
export function noGlobalFit(count: number): {
  forecasts: Array<Record<string, number[]> | undefined>;
  report: GlobalReport;
} {
  return {
    forecasts: new Array(count).fill(undefined),
    report: { origins: [], boosters: 0, meanRows: 0, seconds: 0 },
  };
}

/**
 * One independent piece of a panel's global fit, so that a pool of threads can run them side by side
 * (`fitPanelGlobalModel`): the daily `global_gbm` at one forecast origin, the monthly linear AR at every
 * distance, or some steps of the monthly boosters at one cut. Each part's result does not depend on which
 * other parts run, or where: its subsample is drawn from a generator seeded by the seed and the part's origin.
 */
export type GlobalPart =
  | { kind: 'daily'; date: string }
  | { kind: 'monthly-linear' }
  | { kind: 'monthly-boosted'; distance: number; steps: [number, number] };

/** The parts of a panel's global fit (empty when nothing is pooled). */
export function planGlobalParts(entries: readonly GlobalEntry[], options: GlobalOptions): GlobalPart[] {
  const daily: GlobalPart[] = dailyPlan(entries, options).dates.map((date) => ({ kind: 'daily', date }));
  const { linear, boosted } = monthlyGlobalModels(options.members ?? DEFAULT_MEMBERS);
  const monthly: GlobalPart[] = linear && monthlyPooled(entries, options) ? [{ kind: 'monthly-linear' }] : [];
  if (boosted)
    for (const cut of planBoostedCuts(entries, options))
      for (const steps of splitSteps(options.horizon, MONTHLY_STEP_PARTS))
        monthly.push({ kind: 'monthly-boosted', distance: cut, steps });
  return [...daily, ...monthly];
}

/** How many parts the monthly boosters of one cut are split into (one booster per step ahead). */
const MONTHLY_STEP_PARTS = 3;

function splitSteps(horizon: number, parts: number): Array<[number, number]> {
  const size = Math.ceil(horizon / parts);
  const result: Array<[number, number]> = [];
  for (let from = 0; from < horizon; from += size) result.push([from, Math.min(horizon, from + size)]);
  return result;
}

/**
 * Fits the global model at the panel's backtest origins and at the end of its history, and returns each
 * entry's forecast paths keyed by the date of their first step (undefined for an entry it could not
 * forecast). Only daily panels of GLOBAL_MIN_SERIES series or more (the daily `global_gbm`) and monthly ones of
 * GLOBAL_AR_MIN_SERIES (`global_ar`, and `global_gbm` on monthly windows) are pooled; otherwise every entry gets
 * undefined. Each path has `horizon` steps, non-negative where the series is. It is every part of
 * `planGlobalParts` fitted (`fitGlobalParts`), merged, and kept where complete (`completePaths`).
 */
export function fitGlobalForecasts(entries: readonly GlobalEntry[], options: GlobalOptions): GlobalFit {
  return completePaths(fitGlobalParts(entries, options, planGlobalParts(entries, options)));
}

/**
 * Some parts of the panel's global fit, merged (`mergeGlobalFits`). A path may still miss the steps of parts
 * not fitted here (NaN): merge every part's result, then keep the complete paths (`completePaths`).
 */
export function fitGlobalParts(
  entries: readonly GlobalEntry[],
  options: GlobalOptions,
  parts: readonly GlobalPart[],
): GlobalFit {
  const started = Date.now();
  const merged = mergeGlobalFits(
    entries.length,
    parts.map((part) => fitGlobalPart(entries, options, part)),
  );
  return { ...merged, report: { ...merged.report, seconds: (Date.now() - started) / 1000 } };
}

export interface GlobalFit {
  forecasts: Array<Record<string, number[]> | undefined>;
  report: GlobalReport;
}

/** One part of the panel's global fit (see GlobalPart). */
export function fitGlobalPart(
  entries: readonly GlobalEntry[],
  options: GlobalOptions,
  part: GlobalPart,
): GlobalFit {
  const started = Date.now();
  if (part.kind === 'daily') {
    const fit = fitDailyDate(entries, options, part.date);
    return { ...fit, report: { ...fit.report, seconds: (Date.now() - started) / 1000 } };
  }
  const linear = part.kind === 'monthly-linear';
  const ar = fitGlobalAr(entries, {
    ...options,
    linear,
    boosted: !linear,
    boosterParts: linear ? undefined : [{ distance: part.distance, steps: part.steps }],
  });
  return {
    forecasts: ar.forecasts,
    report: {
      origins: [],
      boosters: 0,
      meanRows: 0,
      arFits: ar.report.distances.length,
      monthlyBoosters: ar.report.boosters,
      seconds: (Date.now() - started) / 1000,
    },
  };
}

/** The union of parts' fits of one panel: each entry's paths from every part, the reports added up. */
export function mergeGlobalFits(count: number, fits: readonly GlobalFit[]): GlobalFit {
  const merged = noGlobalFit(count);
  let rows = 0;
  for (const fit of fits) {
    fit.forecasts.forEach((f, i) => {
      if (!f) return;
      const into = (merged.forecasts[i] ??= {});
      for (const [key, path] of Object.entries(f)) {
        const known = into[key];
        into[key] = known ? known.map((v, k) => (Number.isFinite(v) ? v : path[k])) : path.slice();
      }
    });
    const r = fit.report;
    merged.report.origins.push(...r.origins);
    merged.report.boosters += r.boosters;
    rows += r.meanRows * r.boosters;
    if (r.arFits) merged.report.arFits = (merged.report.arFits ?? 0) + r.arFits;
    if (r.monthlyBoosters)
      merged.report.monthlyBoosters = (merged.report.monthlyBoosters ?? 0) + r.monthlyBoosters;
    merged.report.seconds += r.seconds;
  }
  merged.report.origins.sort();
  merged.report.meanRows = merged.report.boosters ? rows / merged.report.boosters : 0;
  return merged;
}

/** The fit without the paths that some step is missing from (a part not merged in, or a step that did not fit). */
export function completePaths(fit: GlobalFit): GlobalFit {
  const forecasts = fit.forecasts.map((f) => {
    if (!f) return undefined;
    const complete = Object.entries(f).filter(([, path]) => path.every(Number.isFinite));
    return complete.length > 0 ? Object.fromEntries(complete) : undefined;
  });
  return { ...fit, forecasts };
}

/** Which of the monthly panel's global models these members use: `global_ar` (linear), `global_gbm` (boosted). */
export function monthlyGlobalModels(members: readonly string[]): { linear: boolean; boosted: boolean } {
  return { linear: members.includes(GLOBAL_AR), boosted: members.includes(GLOBAL_MODEL) };
}

/**
 * The daily panel's forecast origins: every SKU's origins (its backtest origins and its end), by first forecast
 * date; the dates most SKUs share are fitted (a SKU that ended early, e.g. discontinued, may have dates of its
 * own: those are skipped). None below GLOBAL_MIN_SERIES daily series.
 */
function dailyPlan(
  entries: readonly GlobalEntry[],
  options: GlobalOptions,
): { dates: string[]; originsOf: string[][] } {
  const { horizon } = options;
  const originsOf = entries.map((e) => {
    if (e.series.freq !== 'daily') return [];
    const n = e.series.y.length;
    const cuts = [...planOrigins(n, { horizon, ...options.backtest }), n];
    return cuts.map((c) => dateAt(e.series, c));
  });
  const daily = entries.filter((e) => e.series.freq === 'daily').length;
  if (daily < GLOBAL_MIN_SERIES) return { dates: [], originsOf };
  const need = new Map<string, number>();
  for (const dates of originsOf) for (const d of dates) need.set(d, (need.get(d) ?? 0) + 1);
  const minShare = Math.max(GLOBAL_MIN_SERIES, Math.ceil(0.05 * daily));
  const dates = [...need.entries()]
    .filter(([, count]) => count >= minShare)
    .map(([d]) => d)
    .sort();
  return { dates, originsOf };
}

/** The daily panel's global_gbm (models/ml/global-model.ts) fitted at one forecast origin, `date`. */
function fitDailyDate(entries: readonly GlobalEntry[], options: GlobalOptions, date: string): GlobalFit {
  const { horizon } = options;
  const { originsOf } = dailyPlan(entries, options);
  const groups = [...new Set(entries.map((e) => e.group ?? ''))].sort();
  const codeOf = new Map(groups.map((g, i) => [g, i]));
  const forecasts: Array<Record<string, number[]> | undefined> = entries.map(() => undefined);
  const period = 7;
  const ends = horizonBuckets(horizon, period, 'daily');
  const rng = seededRandom(mixSeed(options.seed ?? 0, date));
  let boosters = 0;
  let rows = 0;

  // Every daily SKU cut at `date` (those with history before it), whether or not this date is one of its own.
  const cut = entries.map((e) => {
    if (e.series.freq !== 'daily') return undefined;
    const origin = periodsBetween(e.series.start, date, 'daily');
    if (origin < 2 * 7 || origin > e.series.y.length) return undefined;
    return trainingWindow(e.series, e.context, origin, horizon);
  });
  const paths = entries.map(() => [] as number[]);
  let from = 0;
  for (const to of ends) {
    const builders = cut.map((c, i) =>
      c ? new GlobalRows(c.series, c.context, to, codeOf.get(entries[i].group ?? '')!) : undefined,
    );
    const x: number[][] = [];
    const y: number[] = [];
    const candidates: Array<[number, number]> = [];
    builders.forEach((b, i) => {
      if (!b) return;
      const n = b.series.y.length;
      for (let t = Math.max(to, n - GLOBAL_ROWS_PER_SERIES); t < n; t++)
        if (b.isTarget(t)) candidates.push([i, t]);
    });
    const keep = Math.min(1, GLOBAL_MAX_ROWS / Math.max(1, candidates.length));
    for (const [i, t] of candidates) {
      if (keep < 1 && rng() >= keep) continue;
      const b = builders[i]!;
      x.push(b.row(t));
      y.push(Math.max(0, Math.min(GLOBAL_TARGET_CAP, b.series.y[t] / b.scale(t))));
    }
    // Which SKUs this date forecasts: those whose own origins include it.
    const targets = builders.map((b, i) => (b && originsOf[i].includes(date) ? i : -1)).filter((i) => i >= 0);
    if (x.length < 100 || targets.length === 0) break;
    const newRows: number[][] = [];
    for (const i of targets) {
      const n = builders[i]!.series.y.length;
      for (let k = from; k < to; k++) newRows.push(builders[i]!.row(n + k));
    }
    // Tweedie's log link needs a base above 0 (rows that all sold nothing)
    const baseScore = Math.max(1e-6, y.reduce((s, v) => s + v, 0) / y.length);
    const predicted = trainAndPredict(x, y, newRows, {
      ...DEFAULT_GLOBAL_GBT,
      ...GLOBAL_DAILY_LOSS,
      base_score: baseScore,
      ...options.params,
      seed: options.seed ?? 0,
    });
    boosters++;
    rows += x.length;
    targets.forEach((i, j) => {
      const b = builders[i]!;
      const n = b.series.y.length;
      const nonNegative = b.series.y.every((v) => !Number.isFinite(v) || v >= 0);
      for (let k = from; k < to; k++) {
        const v = predicted[j * (to - from) + (k - from)] * b.scale(n + k);
        paths[i].push(nonNegative ? Math.max(0, v) : v);
      }
    });
    from = to;
  }
  paths.forEach((p, i) => {
    if (p.length === horizon && p.every(Number.isFinite)) (forecasts[i] ??= {})[date] = p;
  });
  return {
    forecasts,
    report: {
      origins: boosters > 0 ? [date] : [],
      boosters,
      meanRows: boosters ? rows / boosters : 0,
      seconds: 0,
    },
  };
}
