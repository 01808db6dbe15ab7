import { disruptionMask } from '@salescast/forecasting';
import { dayNumber, isoDay } from '@salescast/datagen';
import { sigmaFromBand, Z80 } from '../forecast/normal';
import { ReorderLine } from '../forecast/reorder';
import { ForecastRun, SkuForecast } from '../forecast/run-forecast';

/** Everything report.html shows, as plain JSON embedded in the page (numbers rounded to keep it small). */
export interface ReportData {
  title: string;
  asOf: string;
  horizon: number;
  serviceLevel: number;
  generatedAt: string;
  dataDir: string;
  /** Days of history shown daily in the SKU close-up chart. */
  closeUpDays: number;
  total: { weekly: Weekly; forecastWeekly: Band };
  skus: ReportSku[];
  accuracy: Array<{
    member: string;
    skus: number;
    medianSmape: number;
    medianMase: number;
    wape: number;
    chosen: number;
  }>;
  skipped: Array<{ sku: string; reason: string }>;
  rejects: { total: number; byFile: Record<string, number> };
}

/** Weekly sums, weeks starting on Mondays; `start` is the first week's Monday; null = a week touching a closure. */
export interface Weekly {
  start: string;
  values: Array<number | null>;
}

export interface Band {
  start: string;
  mean: number[];
  p10: number[];
  p90: number[];
}

export interface ReportSku {
  sku: string;
  name: string;
  category: string;
  revenue: number;
  units: number;
  returnRate: number;
  price: number;
  chosen: string;
  weights: Record<string, number>;
  fallbackReason?: string;
  backtest?: { smape: number; mase: number; wape: number };
  weekly: Weekly;
  /** The last `closeUpDays` days of history, daily; null = closed (not demand). */
  daily: { start: string; values: Array<number | null> };
  closures: Array<{ start: string; end: string }>;
  promotions: Array<{ start: string; end: string }>;
  forecast: Band;
  forecastTotal: number;
  reorder?: Pick<
    ReorderLine,
    | 'orderQuantity'
    | 'orderBy'
    | 'status'
    | 'leadTimeDays'
    | 'reviewDays'
    | 'moq'
    | 'packSize'
    | 'safetyStock'
    | 'reorderPoint'
    | 'stockoutRisk'
    | 'stockoutRiskWithoutOrder'
    | 'supplier'
  >;
}

export interface ReportInputs {
  run: ForecastRun;
  reorder: ReorderLine[];
  serviceLevel: number;
  dataDir: string;
  rejects: ReportData['rejects'];
  title?: string;
  closeUpDays?: number;
  /** Injected for reproducible output in tests. */
  now?: Date;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Monday on or before a day number (day 0 = Thursday 1970-01-01). */
function monday(day: number): number {
  return day - ((day + 3) % 7);
}

function weekly(
  startDay: number,
  values: readonly number[],
  closed: readonly boolean[],
  fromMonday?: number,
): Weekly {
  const first = fromMonday ?? monday(startDay);
  const sums: Array<number | null> = [];
  values.forEach((v, i) => {
    const w = Math.floor((startDay + i - first) / 7);
    if (w < 0 || sums[w] === null) return;
    sums[w] = closed[i] ? null : (sums[w] ?? 0) + v;
  });
  for (let i = 0; i < sums.length; i++) sums[i] = sums[i] === null ? null : round(sums[i] ?? 0);
  return { start: isoDay(first), values: sums };
}

function windows(
  startDay: number,
  list: Array<{ start: number; end: number }>,
): Array<{ start: string; end: string }> {
  return list.map((w) => ({ start: isoDay(startDay + w.start), end: isoDay(startDay + w.end - 1) }));
}

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function skuData(f: SkuForecast, reorder: ReorderLine | undefined, closeUpDays: number): ReportSku {
  const { sku, series, context } = f.input;
  const startDay = dayNumber(series.start);
  const y = series.y;
  const backtest =
    f.result.backtest.find((b) => b.member === f.result.chosen) ??
    f.result.backtest.find((b) => b.member === 'ensemble');
  const from = Math.max(0, y.length - closeUpDays);
  const closed = disruptionMask(y.length, context.disruptions);
  return {
    sku: sku.sku,
    name: sku.name,
    category: sku.category,
    revenue: round(f.input.revenueLastYear),
    units: f.input.unitsLastYear,
    returnRate: f.input.unitsLastYear > 0 ? round(f.input.returnedLastYear / f.input.unitsLastYear) : 0,
    price: round(f.input.lastPrice),
    chosen: f.result.chosen,
    weights: Object.fromEntries(Object.entries(f.result.weights).map(([k, v]) => [k, round(v)])),
    ...(f.result.fallbackReason !== undefined && { fallbackReason: f.result.fallbackReason }),
    ...(backtest && {
      backtest: { smape: round(backtest.smape), mase: round(backtest.mase), wape: round(backtest.wape) },
    }),
    weekly: weekly(startDay, y, closed),
    daily: {
      start: isoDay(startDay + from),
      values: y.slice(from).map((v, i) => (closed[from + i] ? null : round(v))),
    },
    closures: windows(
      startDay,
      (context.disruptions ?? []).map((d) => d.window),
    ),
    promotions: windows(startDay, context.promotions ?? []),
    forecast: { start: f.dates[0], mean: f.mean.map(round), p10: f.p10.map(round), p90: f.p90.map(round) },
    forecastTotal: round(f.mean.reduce((a, b) => a + b, 0)),
    ...(reorder && {
      reorder: {
        orderQuantity: reorder.orderQuantity,
        orderBy: reorder.orderBy,
        status: reorder.status,
        leadTimeDays: reorder.leadTimeDays,
        moq: reorder.moq,
        reviewDays: reorder.reviewDays,
        packSize: reorder.packSize,
        reorderPoint: round(reorder.reorderPoint),
        stockoutRisk: reorder.stockoutRisk,
        stockoutRiskWithoutOrder: reorder.stockoutRiskWithoutOrder,
        safetyStock: round(reorder.safetyStock),
        supplier: reorder.supplier,
      },
    }),
  };
}

/** Sum of all SKUs: weekly history (shutdown days count as 0 sold) and the forecast band (independent SKUs). */
function totals(run: ForecastRun): ReportData['total'] {
  let first = Infinity;
  for (const f of run.forecasts) first = Math.min(first, dayNumber(f.input.series.start));
  const asOfDay = dayNumber(run.asOf);
  const all = new Array<number>(Number.isFinite(first) ? asOfDay - first + 1 : 0).fill(0);
  const closed = new Array<boolean>(all.length).fill(false);
  const mean = new Array<number>(run.horizon).fill(0);
  const variance = new Array<number>(run.horizon).fill(0);
  for (const f of run.forecasts) {
    const offset = dayNumber(f.input.series.start) - first;
    f.input.series.y.forEach((v, i) => (all[offset + i] += v));
    disruptionMask(f.input.series.y.length, f.input.context.disruptions).forEach(
      (c, i) => (closed[offset + i] ||= c),
    );
    f.mean.forEach((m, i) => {
      mean[i] += m;
      variance[i] += sigmaFromBand(f.band.lower[i], f.band.upper[i]) ** 2;
    });
  }
  const half = variance.map((v) => Z80 * Math.sqrt(v));
  const firstMonday = monday(Number.isFinite(first) ? first : asOfDay);
  return {
    weekly: weekly(Number.isFinite(first) ? first : asOfDay, all, closed, firstMonday),
    forecastWeekly: {
      start: isoDay(asOfDay + 1),
      mean: mean.map(round),
      p10: mean.map((m, i) => round(Math.max(0, m - half[i]))),
      p90: mean.map((m, i) => round(m + half[i])),
    },
  };
}

/** Per ensemble member: how it did in the walk-forward backtests, over the SKUs where it ran. */
function accuracy(run: ForecastRun): ReportData['accuracy'] {
  const byMember = new Map<
    string,
    { smape: number[]; mase: number[]; absErr: number; chosen: number; skus: number }
  >();
  for (const f of run.forecasts) {
    const volume = f.input.unitsLastYear;
    for (const b of f.result.backtest) {
      const m = byMember.get(b.member) ?? { smape: [], mase: [], absErr: 0, chosen: 0, skus: 0 };
      m.smape.push(b.smape);
      m.mase.push(b.mase);
      if (Number.isFinite(b.wape)) m.absErr += (b.wape / 100) * volume; // WAPE weighted by each SKU's volume
      m.skus++;
      if (f.result.chosen === b.member) m.chosen++;
      byMember.set(b.member, m);
    }
  }
  const volume = run.forecasts.reduce((a, f) => a + f.input.unitsLastYear, 0);
  return [...byMember]
    .map(([member, m]) => ({
      member,
      skus: m.skus,
      medianSmape: round(median(m.smape)),
      medianMase: round(median(m.mase)),
      wape: round(volume > 0 ? (100 * m.absErr) / volume : NaN),
      chosen: m.chosen,
    }))
    .sort((a, b) => a.wape - b.wape);
}

/** Builds the report's data from a forecast run. */
export function buildReportData(inputs: ReportInputs): ReportData {
  const closeUpDays = inputs.closeUpDays ?? 300;
  const reorderBySku = new Map(inputs.reorder.map((r) => [r.sku, r]));
  return {
    title: inputs.title ?? 'Sales forecast',
    asOf: inputs.run.asOf,
    horizon: inputs.run.horizon,
    serviceLevel: inputs.serviceLevel,
    generatedAt: (inputs.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    dataDir: inputs.dataDir,
    closeUpDays,
    total: totals(inputs.run),
    skus: inputs.run.forecasts.map((f) => skuData(f, reorderBySku.get(f.input.sku.sku), closeUpDays)),
    accuracy: accuracy(inputs.run),
    skipped: inputs.run.skipped,
    rejects: inputs.rejects,
  };
}
