import { dateAt } from '../../core/calendar';
import { disruptionMask } from '../../core/events';
import { repairSeries } from '../../core/repair';
import { FitContext, ModelSpec, Series } from '../../core/types';
import { planOrigins, recoveryOrigins, reopeningIndex } from '../../ensemble/backtest';
import { mixSeed, seededRandom } from '../../core/stats';
import { DEFAULT_GLOBAL_GBT, panelPathModel } from './global-model';
import { trainAndPredict, XgboostParams } from './xgboost-runtime';

/**
 * `global_ar`: ONE linear autoregression fitted on every monthly series of a panel at once, a "global" model
 * in the sense of Montero-Manso & Hyndman (2021, "Principles and algorithms for forecasting groups of time
 * series: locality and globality"): a pooled AR of high order is as complex as the local models together and
 * learns from a thousand series what one series of five years cannot show. It is a cheap, different member
 * beside the local ones (ETS, Theta), and it is the diversity that helps the ensemble: on M3 monthly, scored
 * alone it is worse than Theta, and averaged with Theta it is better than either (BENCHMARKS.md).
 *
 * - Windows: every GLOBAL_AR_LAGS consecutive months of each series followed by `horizon` months, on the log
 *   scale, minus the mean log of the window's last season (so series of any size share one model). The
 *   lags see disruption windows and missing months repaired (core/repair.ts, from the history before the cut
 *   only), as the local members do; a target inside a disruption or missing is never learnt. A series with a
 *   value <= 0 outside its disruptions is not pooled (the log scale needs > 0).
 * - Direct: one ridge regression per step ahead, all from the same normal equations; no forecast is fed back.
 *   A predicted log-ratio is bounded by ±log(GLOBAL_AR_MAX_RATIO) to the window's level.
 * - Backtests: fitted once per distance from the end that some series' backtest origin lies at (the
 *   planned origins are the same distances for every series, recovery origins add their own), each time on
 *   every series cut that far before its own end, and once on the full histories. Series of a panel that end
 *   on the same date are thus cut at the same date: no fit sees data after the origin it is scored from.
 *   Series ending on different dates (M3) are aligned by their ends, as M3/M4 global models are.
 *
 * The paths are put in each series' `FitContext.globalForecasts` under `global_ar@<first forecast date>`;
 * the member looks its path up and refuses a series the panel did not forecast (a lone series, a daily SKU).
 */

export const GLOBAL_AR = 'global_ar';
/** Lags of the autoregression: two years of months. */
export const GLOBAL_AR_LAGS = 24;
/** Fewer pooled series than this and no global AR is fitted. */
export const GLOBAL_AR_MIN_SERIES = 20;
/** Ridge penalty on the normal equations (the rows are tens of thousands: it only steadies collinear lags). */
export const GLOBAL_AR_RIDGE = 100;
/** Largest ratio of a forecast to its window's level, either way. */
export const GLOBAL_AR_MAX_RATIO = 20;
/** Fewer training windows than this at a distance and that distance is not fitted. */
const MIN_WINDOWS = 200;
const PERIOD = 12;

/** The key of a series' path from `date` in FitContext.globalForecasts. */
export function globalArKey(date: string): string {
  return `${GLOBAL_AR}@${date}`;
}

export interface GlobalArEntry {
  series: Series;
  context: FitContext;
}

export interface GlobalArOptions {
  horizon: number;
  backtest?: { origins?: number; step?: number };
  /** Fit the linear AR (`global_ar`, default true). */
  linear?: boolean;
  /** Fit the boosted trees on the same windows (`global_gbm` on monthly panels, default false). */
  boosted?: boolean;
  /**
   * Which boosters to fit (default: every step at every cut of `planBoostedCuts`): a pool of threads fits a
   * panel's boosters as several parts (pipeline/global-pass.ts). A cut's subsample is the same in every part.
   */
  boosterParts?: ReadonlyArray<{ distance: number; steps: readonly [number, number] }>;
  seed?: number;
}

export interface GlobalArReport {
  /** Distances from the end the linear AR was fitted at (0 = the full histories), ascending. */
  distances: number[];
  /** Boosters of the monthly global_gbm (one per step ahead and cut). */
  boosters: number;
  seconds: number;
}

/** The backtest origins of a series as the ensemble will place them (ensemble/backtest.ts). */
function originsOf(entry: GlobalArEntry, options: GlobalArOptions): number[] {
  const n = entry.series.y.length;
  const planned = planOrigins(n, { horizon: options.horizon, ...options.backtest });
  const reopened = reopeningIndex(n, entry.context);
  const added = reopened === undefined ? [] : recoveryOrigins(n, planned, reopened);
  return [...planned, ...added];
}

/**
 * Whether a series can be pooled: monthly, every value outside its disruptions > 0 (the log scale), and at least
 * the lags long (a series shorter than lags + horizon gives no training window but is still forecast).
 */
function poolable(entry: GlobalArEntry): boolean {
  const { y, freq } = entry.series;
  if (freq !== 'monthly' || y.length < GLOBAL_AR_LAGS) return false;
  const mask = disruptionMask(y.length, entry.context.disruptions);
  return y.every((v, i) => mask[i] || !Number.isFinite(v) || v > 0) && y.some((v, i) => !mask[i] && v > 0);
}

/**
 * A series cut `d` steps before its end, on the log scale: `inputs` with its disruption windows and missing
 * months repaired from the cut history only (core/repair.ts, as the local members get them), `targets` with
 * them NaN (never learnt).
 */
function cutLogs(entry: GlobalArEntry, d: number): { inputs: number[]; targets: number[] } | undefined {
  const y = entry.series.y.slice(0, entry.series.y.length - d);
  const mask = disruptionMask(y.length, entry.context.disruptions);
  if (!y.some((v, i) => !mask[i] && Number.isFinite(v) && v > 0)) return undefined;
  const repaired = repairSeries(y, mask, PERIOD);
  return {
    inputs: repaired.map((v) => (v > 0 ? Math.log(v) : NaN)),
    targets: y.map((v, i) => (mask[i] || !(v > 0) ? NaN : Math.log(v))),
  };
}

/** A forecast from its window's mean log and a predicted log-ratio, bounded at GLOBAL_AR_MAX_RATIO either way. */
function fromLogRatio(level: number, ratio: number): number {
  const bound = Math.log(GLOBAL_AR_MAX_RATIO);
  return Math.exp(level + Math.max(-bound, Math.min(bound, ratio)));
}

/** The window ending before `t` (lags), centred on its last season's mean log; undefined if incomplete. */
function window(z: readonly number[], t: number): { x: number[]; level: number } | undefined {
  if (t < GLOBAL_AR_LAGS || t > z.length) return undefined;
  const x = z.slice(t - GLOBAL_AR_LAGS, t);
  if (!x.every(Number.isFinite)) return undefined;
  const level = x.slice(-PERIOD).reduce((s, v) => s + v, 0) / PERIOD;
  return { x: x.map((v) => v - level), level };
}

/**
 * Solves (XᵀX + ridge·I) B = XᵀY by Cholesky; X has an intercept column appended. Returns B (features+1) × h.
 */
export function ridgeSolve(xtx: number[][], xty: number[][], ridge: number): number[][] {
  const p = xtx.length;
  const a = xtx.map((row, i) => row.map((v, j) => v + (i === j ? ridge : 0)));
  const l = a.map(() => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error('ridgeSolve: the normal equations are not positive definite');
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  const h = xty[0].length;
  const b = xtx.map(() => new Array<number>(h).fill(0));
  for (let c = 0; c < h; c++) {
    const w = new Array<number>(p).fill(0);
    for (let i = 0; i < p; i++) {
      let s = xty[i][c];
      for (let k = 0; k < i; k++) s -= l[i][k] * w[k];
      w[i] = s / l[i][i];
    }
    for (let i = p - 1; i >= 0; i--) {
      let s = w[i];
      for (let k = i + 1; k < p; k++) s -= l[k][i] * b[k][c];
      b[i][c] = s / l[i][i];
    }
  }
  return b;
}

/** Whether the panel has GLOBAL_AR_MIN_SERIES poolable monthly series long enough for a training window. */
export function monthlyPooled(
  entries: readonly GlobalArEntry[],
  options: Pick<GlobalArOptions, 'horizon'>,
): boolean {
  return (
    entries.filter((e) => poolable(e) && e.series.y.length >= GLOBAL_AR_LAGS + options.horizon).length >=
    GLOBAL_AR_MIN_SERIES
  );
}

/**
 * The cuts (distances from the end) the monthly boosters are fitted at: the oldest backtest origin of any pooled
 * series, whose boosters forecast from every backtest origin, and the end. None when the panel is not pooled.
 */
export function planBoostedCuts(entries: readonly GlobalArEntry[], options: GlobalArOptions): number[] {
  if (!monthlyPooled(entries, options)) return [];
  const oldest = Math.max(
    0,
    ...entries.map((e) =>
      poolable(e) ? Math.max(0, ...originsOf(e, options).map((o) => e.series.y.length - o)) : 0,
    ),
  );
  return oldest > 0 ? [oldest, 0] : [0];
}

/**
 * Fits the global AR at every distance from the end that a pooled series' backtest origin lies at, and at the
 * end, and returns each entry's paths (`horizon` steps) keyed by `globalArKey(first forecast date)`; undefined
 * for an entry it does not forecast (not monthly, a non-positive value, too short, a disruption in its last
 * window). Fewer than GLOBAL_AR_MIN_SERIES pooled series long enough for a training window: nothing.
 */
export function fitGlobalAr(
  entries: readonly GlobalArEntry[],
  options: GlobalArOptions,
): { forecasts: Array<Record<string, number[]> | undefined>; report: GlobalArReport } {
  const started = Date.now();
  const { horizon } = options;
  const forecasts: Array<Record<string, number[]> | undefined> = entries.map(() => undefined);
  const pooled = entries.map((e) => poolable(e));
  if (!monthlyPooled(entries, options))
    return { forecasts, report: { distances: [], boosters: 0, seconds: 0 } };

  const distances = new Set<number>([0]);
  const origins = entries.map((e, i) => (pooled[i] ? originsOf(e, options) : []));
  entries.forEach((e, i) => {
    for (const o of origins[i]) distances.add(e.series.y.length - o);
  });
  const fitted: number[] = [];
  const p = GLOBAL_AR_LAGS + 1;
  const boosters = options.boosted ? fitBoosted(entries, pooled, origins, options, forecasts) : 0;
  for (const d of options.linear === false ? [] : [...distances].sort((a, b) => a - b)) {
    const { x, y, cuts } = windowsAt(entries, pooled, d, horizon);
    if (x.length < MIN_WINDOWS) continue;
    const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xty = Array.from({ length: p }, () => new Array<number>(horizon).fill(0));
    x.forEach((lags, r) => {
      const row = [...lags, 1];
      for (let i = 0; i < p; i++) {
        const ri = row[i];
        for (let j = 0; j <= i; j++) xtx[i][j] += ri * row[j];
        for (let k = 0; k < horizon; k++) xty[i][k] += ri * y[r][k];
      }
    });
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) xtx[i][j] = xtx[j][i];
    const b = ridgeSolve(xtx, xty, GLOBAL_AR_RIDGE);
    fitted.push(d);
    entries.forEach((e, i) => {
      const origin = e.series.y.length - d;
      const cut = cuts[i];
      if (!cut || (d > 0 && !origins[i].includes(origin))) return;
      const w = window(cut.inputs, origin);
      if (!w) return;
      const row = [...w.x, 1];
      const path = Array.from({ length: horizon }, (_, k) => {
        return fromLogRatio(
          w.level,
          row.reduce((sum, lag, j) => sum + lag * b[j][k], 0),
        );
      });
      if (path.every(Number.isFinite)) (forecasts[i] ??= {})[globalArKey(dateAt(e.series, origin))] = path;
    });
  }
  return {
    forecasts,
    report: {
      distances: fitted,
      boosters,
      seconds: (Date.now() - started) / 1000,
    },
  };
}

/** The monthly global_gbm's booster: XGBoost's histogram method, slower learning than the daily one's. */
export const GLOBAL_MONTHLY_GBT: XgboostParams = {
  ...DEFAULT_GLOBAL_GBT,
  eta: 0.05,
  iterations: 200,
};
/** Most training windows of one monthly booster; beyond, an even seeded subsample. */
export const GLOBAL_MONTHLY_MAX_ROWS = 20_000;

/**
 * Every training window of the series cut `d` steps before their ends: lags and the `horizon` targets, and the
 * cuts themselves (the lags a forecast from `d` before the end starts from).
 */
function windowsAt(
  entries: readonly GlobalArEntry[],
  pooled: readonly boolean[],
  d: number,
  horizon: number,
): { x: number[][]; y: number[][]; cuts: Array<ReturnType<typeof cutLogs>> } {
  const x: number[][] = [];
  const y: number[][] = [];
  const cuts = entries.map((e, i) => (pooled[i] ? cutLogs(e, d) : undefined));
  cuts.forEach((cut) => {
    if (!cut) return;
    for (let t = GLOBAL_AR_LAGS; t + horizon <= cut.targets.length; t++) {
      const target = cut.targets.slice(t, t + horizon);
      if (!target.every(Number.isFinite)) continue;
      const w = window(cut.inputs, t);
      if (!w) continue;
      x.push(w.x);
      y.push(target.map((v) => v - w.level));
    }
  });
  return { x, y, cuts };
}

/**
 * The boosted pass: the same windows and targets as the linear AR, one booster per step ahead. To keep its cost
 * to two cuts, the boosters fitted on the series cut at the oldest backtest origin forecast from every
 * backtest origin (each from its own lags, repaired from the history before it; the model has seen no month
 * after the oldest origin, so none after any), and those fitted on the full histories forecast the future.
 * Paths go under the plain first-forecast date, where the `global_gbm` member reads them. Returns the boosters
 * fitted.
 */
function fitBoosted(
  entries: readonly GlobalArEntry[],
  pooled: readonly boolean[],
  origins: readonly number[][],
  options: GlobalArOptions,
  forecasts: Array<Record<string, number[]> | undefined>,
): number {
  const { horizon } = options;
  const parts =
    options.boosterParts ??
    planBoostedCuts(entries, options).map((distance) => ({ distance, steps: [0, horizon] as const }));
  let boosters = 0;
  for (const { distance: d, steps } of parts) {
    const all = windowsAt(entries, pooled, d, horizon);
    if (all.x.length < MIN_WINDOWS) continue;
    const rng = seededRandom(mixSeed(options.seed ?? 0, `monthly cut ${d}`));
    const keep = Math.min(1, GLOBAL_MONTHLY_MAX_ROWS / all.x.length);
    const rows = all.x.map((_, j) => j).filter(() => keep >= 1 || rng() < keep);
    const x = rows.map((j) => all.x[j]);
    // what this fit forecasts: every backtest origin (the oldest cut) or the end of each series
    const targets: Array<{ entry: number; origin: number; level: number; lags: number[] }> = [];
    entries.forEach((e, i) => {
      if (!pooled[i]) return;
      const n = e.series.y.length;
      for (const origin of d === 0 ? [n] : origins[i]) {
        const cut = origin === n - d ? all.cuts[i] : cutLogs(e, n - origin);
        const w = cut && window(cut.inputs, origin);
        if (w) targets.push({ entry: i, origin, level: w.level, lags: w.x });
      }
    });
    if (targets.length === 0) continue;
    const paths = targets.map(() => new Array<number>(horizon).fill(NaN));
    for (let k = steps[0]; k < steps[1]; k++) {
      const y = rows.map((j) => all.y[j][k]);
      const predicted = trainAndPredict(
        x,
        y,
        targets.map((t) => t.lags),
        {
          ...GLOBAL_MONTHLY_GBT,
          base_score: y.reduce((s, v) => s + v, 0) / y.length,
          seed: options.seed ?? 0,
        },
      );
      boosters++;
      targets.forEach((t, j) => (paths[j][k] = fromLogRatio(t.level, predicted[j])));
    }
    // This part's steps only, NaN elsewhere: the other parts fill the rest (pipeline/global-pass.ts,
    // mergeGlobalFits; completePaths drops a path that is still incomplete).
    targets.forEach((t, j) => {
      if (!paths[j].slice(steps[0], steps[1]).every(Number.isFinite)) return;
      const key = dateAt(entries[t.entry].series, t.origin);
      const path = ((forecasts[t.entry] ??= {})[key] ??= new Array<number>(horizon).fill(NaN));
      for (let k = steps[0]; k < steps[1]; k++) path[k] = paths[j][k];
    });
  }
  return boosters;
}

/** The member: the panel's global AR forecast for this series from the end of its (training) history. */
export const globalArModel: ModelSpec = panelPathModel({
  name: GLOBAL_AR,
  capabilities: {
    needsSeasonality: false,
    usesExogenous: false,
    minHistory: GLOBAL_AR_LAGS,
    handlesMissing: true,
    nativeIntervals: false,
  },
  key: globalArKey,
  refusal: `the global AR is fitted by the panel (forecastPanel), on monthly panels of ${GLOBAL_AR_MIN_SERIES}+ positive series`,
});
