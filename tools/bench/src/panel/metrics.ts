import { evaluateForecast, ForecastRow, TruthRow } from '@salescast/cli';
import { intervalScore, mae, mase, mean, naiveScale, rmse } from '@salescast/forecasting';
import { RowKind } from '../scoring/score';

/** Share of SKUs, by revenue over the forecast horizon, in the "top" group (the plan's "top 20 %"). */
export const TOP_SHARE = 0.2;
/** Lag of the MASE scale on daily series: the same weekday a week earlier. */
export const MASE_LAG = 7;
/** Days of history before the origin that scale MASE (the last year, or all of a shorter history). */
export const MASE_SCALE_DAYS = 365;

/**
 * What scoring needs to know about one forecast origin of a daily SKU panel, besides the forecasts:
 * the realised units, the prices that rank SKUs by revenue, the actual of the month before the horizon
 * (for directional accuracy), and each SKU's recent history (for the MASE scale, NaN on disrupted days).
 */
export interface PanelTruth {
  truth: TruthRow[];
  prices: ReadonlyMap<string, number>;
  previousActual: (sku: string, period: string) => number | undefined;
  scaleHistory: ReadonlyMap<string, readonly number[]>;
}

/**
 * One row of a panel table: every metric of the plan side by side (null where it does not apply).
 *  - mape_month / mape_month_top: MAPE (percent) per SKU-month over SKU-months with a non-zero actual, on all
 *    SKUs and on the top 20 % by revenue; accuracy_top = 100 − mape_month_top;
 *  - wape_month / wape_month_top: 100·Σ|A − F| / Σ|A| over SKU-months;
 *  - direction_top / direction_all: share (0..1) of SKU-months where the forecast moves the same way from
 *    the previous month's actual as the actual did (see docs/benchmarks.md);
 *  - mase: per SKU, daily MAE over the horizon / in-sample MAE of the lag-7 naive on the last 365 days of
 *    history, averaged over SKUs whose scale is finite and non-zero;
 *  - rmse_month / mae_month: units per SKU-month;
 *  - coverage80: share (0..1) of SKU-days inside the forecast's p10–p90 (null without intervals);
 *  - msis80: per SKU, the mean interval score of its daily p10–p90 (width, plus 10 × the distance of an actual
 *    outside) over the same scale as MASE, averaged over SKUs (M4's MSIS at 80 %; null without intervals);
 *  - seconds_per_sku: fit + forecast seconds per SKU when measured.
 */
export interface PanelRow {
  method: string;
  kind: RowKind | 'peer';
  mape_month: number | null;
  mape_month_top: number | null;
  accuracy_top: number | null;
  direction_top: number | null;
  direction_all: number | null;
  wape_month: number | null;
  wape_month_top: number | null;
  mase: number | null;
  rmse_month: number | null;
  mae_month: number | null;
  coverage80: number | null;
  msis80: number | null;
  seconds_per_sku: number | null;
  note?: string;
}

export interface PanelMethod {
  method: string;
  kind: PanelRow['kind'];
  rows: ForecastRow[];
  secondsPerSku?: number | null;
  note?: string;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Per SKU, the actual and forecast of each day (truth order), and the monthly totals. */
function align(rows: readonly ForecastRow[], truth: readonly TruthRow[]) {
  const fc = new Map<string, ForecastRow>();
  for (const f of rows) fc.set(`${f.sku}\u0000${f.date}`, f);
  const daily = new Map<string, { actual: number[]; forecast: number[]; p10: number[]; p90: number[] }>();
  const monthly = new Map<string, { actual: number; forecast: number }>();
  for (const t of truth) {
    const f = fc.get(`${t.sku}\u0000${t.date}`);
    if (!f) continue;
    let d = daily.get(t.sku);
    if (!d) daily.set(t.sku, (d = { actual: [], forecast: [], p10: [], p90: [] }));
    d.actual.push(t.quantity);
    d.forecast.push(f.mean);
    d.p10.push(f.p10 ?? NaN);
    d.p90.push(f.p90 ?? NaN);
    const key = `${t.sku}\u0000${t.date.slice(0, 7)}`;
    const m = monthly.get(key) ?? { actual: 0, forecast: 0 };
    m.actual += t.quantity;
    m.forecast += f.mean;
    monthly.set(key, m);
  }
  return { daily, monthly: [...monthly.values()] };
}

/**
 * Per SKU over the MASE scale (the lag-7 naive's in-sample MAE), averaged over SKUs: the daily MASE, and the
 * interval score of the 80 % band (M4's MSIS: the mean Winkler score of the daily p10–p90). SKUs whose scale is
 * 0 or undefined, and for MSIS those without a band, are left out; NaN when none is left.
 */
function scaledMeans(
  daily: ReturnType<typeof align>['daily'],
  scaleHistory: ReadonlyMap<string, readonly number[]>,
): { mase: number; msis80: number } {
  const mases: number[] = [];
  const scores: number[] = [];
  for (const [sku, d] of daily) {
    const history = scaleHistory.get(sku) ?? [];
    mases.push(mase(d.actual, d.forecast, history, MASE_LAG));
    scores.push(intervalScore(d.actual, d.p10, d.p90, 80) / naiveScale(history, MASE_LAG));
  }
  // core/stats' mean skips the non-finite values: the SKUs left out above
  return { mase: mean(mases), msis80: mean(scores) };
}

/** Scores one method on one origin with `salescast evaluate`'s code plus MASE, RMSE and MAE. */
export function scorePanelMethod(
  m: PanelMethod,
  t: PanelTruth,
): PanelRow & { topSkus: number; skus: number } {
  const month = evaluateForecast(m.rows, t.truth, {
    by: 'month',
    topShare: TOP_SHARE,
    prices: t.prices,
    previousActual: t.previousActual,
  });
  const { daily, monthly } = align(m.rows, t.truth);
  const actual = monthly.map((x) => x.actual);
  const forecast = monthly.map((x) => x.forecast);
  const scaled = scaledMeans(daily, t.scaleHistory);
  const notes = [
    m.note,
    month.missingForecasts ? `${month.missingForecasts} SKU-days without forecast` : undefined,
  ].filter(Boolean);
  return {
    method: m.method,
    kind: m.kind,
    mape_month: finiteOrNull(month.all.mape),
    mape_month_top: finiteOrNull(month.top.mape),
    accuracy_top: finiteOrNull(month.top.accuracy),
    direction_top: finiteOrNull(month.top.directionalAccuracy),
    direction_all: finiteOrNull(month.all.directionalAccuracy),
    wape_month: finiteOrNull(month.all.wape),
    wape_month_top: finiteOrNull(month.top.wape),
    mase: finiteOrNull(scaled.mase),
    rmse_month: finiteOrNull(rmse(actual, forecast)),
    mae_month: finiteOrNull(mae(actual, forecast)),
    coverage80: finiteOrNull(month.coverage80),
    msis80: finiteOrNull(scaled.msis80),
    seconds_per_sku: m.secondsPerSku ?? null,
    ...(notes.length > 0 && { note: notes.join(', ') }),
    topSkus: month.top.skus,
    skus: month.skus,
  };
}

/**
 * Share of the gap between the best baseline and the oracle that a forecaster closes (1 = as good as the
 * oracle, 0 = no better than the baseline, negative = worse). NaN when there is no gap to close.
 */
export function gapClosed(bestBaselineWape: number, oursWape: number, oracleWape: number): number {
  const gap = bestBaselineWape - oracleWape;
  return gap > 0 ? (bestBaselineWape - oursWape) / gap : NaN;
}

/** Gap closed by `ours` on monthly WAPE against the best baseline row and the oracle row of a table. */
export function gapOfRows(rows: readonly PanelRow[]): { value: number; bestBaseline: string } {
  const ours = rows.find((r) => r.kind === 'ours');
  const oracle = rows.find((r) => r.kind === 'oracle');
  const baselines = rows.filter((r) => r.kind === 'baseline' && r.wape_month !== null);
  if (ours?.wape_month == null || oracle?.wape_month == null || baselines.length === 0)
    return { value: NaN, bestBaseline: '' };
  const best = baselines.reduce((a, b) => (b.wape_month! < a.wape_month! ? b : a));
  return {
    value: gapClosed(best.wape_month!, ours.wape_month, oracle.wape_month),
    bestBaseline: best.method,
  };
}

/** A method's sum over one group of SKUs and one calendar month, against a reference's sum over the same SKU-days. */
export interface GroupBias {
  /** The SKUs' category ('' for none), or ALL_GROUPS for every SKU. */
  group: string;
  /** YYYY-MM. */
  month: string;
  forecast: number;
  reference: number;
  /** forecast / reference − 1; NaN where the reference sums to 0. */
  bias: number;
}

/** The group of every SKU in groupBias's rows. */
export const ALL_GROUPS = '(all SKUs)';

/**
 * Where a method's error sits: Σ forecast / Σ reference − 1 by group (category) and calendar month, and over
 * every SKU (group ALL_GROUPS), on the SKU-days of the reference (a SKU-day the method did not forecast counts
 * 0). On a generated world the reference is the oracle's noise-free mean, so this is the forecast's bias, free
 * of the sales' noise; elsewhere it is the actual units. Groups sorted by name, then ALL_GROUPS; months in order.
 */
export function groupBias(
  forecast: readonly ForecastRow[],
  reference: ReadonlyArray<{ sku: string; date: string; value: number }>,
  groupOf: (sku: string) => string,
): GroupBias[] {
  const f = new Map(forecast.map((r) => [`${r.sku}|${r.date}`, r.mean]));
  const sums = new Map<string, { group: string; month: string; forecast: number; reference: number }>();
  for (const r of reference) {
    const month = r.date.slice(0, 7);
    const value = f.get(`${r.sku}|${r.date}`) ?? 0;
    for (const group of [groupOf(r.sku), ALL_GROUPS]) {
      const key = `${group}|${month}`;
      const s = sums.get(key) ?? { group, month, forecast: 0, reference: 0 };
      s.forecast += Number.isFinite(value) ? value : 0;
      s.reference += r.value;
      sums.set(key, s);
    }
  }
  return [...sums.values()]
    .sort(byGroupThenMonth)
    .map((s) => ({ ...s, bias: s.reference !== 0 ? s.forecast / s.reference - 1 : NaN }));
}

/** groupBias's order: groups by name, ALL_GROUPS last, then months in order. */
export function byGroupThenMonth(
  a: { group: string; month: string },
  b: { group: string; month: string },
): number {
  const rank = (g: string) => (g === ALL_GROUPS ? 1 : 0);
  return rank(a.group) - rank(b.group) || a.group.localeCompare(b.group) || a.month.localeCompare(b.month);
}
