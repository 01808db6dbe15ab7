import { dayNumber, isoDay, Reject, RejectLog } from '@salescast/datagen';
import {
  buildDailySeries,
  Dataset,
  ForecastRow,
  loadDataset,
  previousActualsFrom,
  SeriesSelection,
  TruthRow,
} from '@salescast/cli';
import { disruptionMask } from '@salescast/forecasting';
import { MASE_SCALE_DAYS, PanelTruth } from './metrics';

/** One forecast origin of a daily SKU panel: the SKUs forecast, what happened next, and how to score it. */
export interface PanelOrigin extends PanelTruth {
  /** Data set name, e.g. `online_retail` or `generated seed 3`. */
  dataset: string;
  /** Last day of history (YYYY-MM-DD). */
  asOf: string;
  horizon: number;
  /** The SKUs forecast, as `salescast forecast` builds them (daily series + context). */
  selection: SeriesSelection;
  /** The noise-free mean with p10/p90, where the data set has one (generated only). */
  oracle?: ForecastRow[];
  /** How the SKUs were chosen, printed under the table. */
  rule: string;
}

/** Keeps the first rejects (file, line, reason) in memory so the benchmark can print where they are. */
export class RejectReport extends RejectLog {
  readonly first: Reject[] = [];
  constructor(private readonly keep = 5) {
    super();
  }
  override add(reject: Reject): void {
    super.add(reject);
    if (this.first.length < this.keep) this.first.push(reject);
  }
  /** `no rows skipped`, or the count per file and the first bad rows with their line numbers. */
  report(): string {
    if (this.total === 0) return 'no rows skipped';
    return `${this.summary()}; first: ${this.first
      .map((r) => `${r.file} line ${r.line}: ${r.reason}`)
      .join('; ')}`;
  }
}

/** The first day of the month `monthsBack` months before the month of `day` (0 = its own month). */
function monthStart(day: number, monthsBack: number): number {
  const iso = isoDay(day);
  let y = Number(iso.slice(0, 4));
  let m = Number(iso.slice(5, 7)) - monthsBack;
  while (m < 1) {
    m += 12;
    y--;
  }
  return dayNumber(`${y}-${String(m).padStart(2, '0')}-01`);
}

/**
 * Reads a data set in salescast's format (the CLI's own reader) and reports every bad row: counted per file
 * and the first ones printed with their line number; the benchmark goes on with the good rows.
 */
export async function readPanelDataset(dir: string): Promise<{ dataset: Dataset; rejects: RejectReport }> {
  const rejects = new RejectReport();
  const dataset = await loadDataset(dir, { rejects });
  return { dataset, rejects };
}

export interface OriginOptions {
  asOf: string;
  horizon: number;
  /** A SKU is forecast when it sold in the as-of month or the `activeMonths − 1` months before it. */
  activeMonths: number;
  /** Keep only the N SKUs with the most revenue over the year before as-of (quick runs). */
  top?: number;
  /** The engine's seed, on every series' context as `salescast forecast --seed` does. */
  seed?: number;
}

/** Units a SKU sold on each day of [from, to] (0 when no line), from a data set's daily totals. */
function unitsOn(dataset: Dataset, sku: string, from: number, to: number): number[] {
  const units = dataset.daily.get(sku)?.units;
  return Array.from({ length: to - from + 1 }, (_, i) => units?.get(from + i) ?? 0);
}

/**
 * One origin of a data set with its own sales as the truth (Online Retail): the SKUs that sold in the last
 * `activeMonths` calendar months up to as-of (optionally the top N by last-year revenue), their daily series
 * up to as-of, and their units sold on each of the `horizon` days after it (0 on days without a line).
 */
export function originFromSales(name: string, dataset: Dataset, options: OriginOptions): PanelOrigin {
  const asOfDay = dayNumber(options.asOf);
  if (!(asOfDay + options.horizon <= dataset.lastDay))
    throw new Error(
      `${name}: the horizon ${options.asOf} + ${options.horizon} days runs past the last sale (${isoDay(dataset.lastDay)})`,
    );
  const all = buildDailySeries(dataset, { asOf: options.asOf, seed: options.seed });
  const activeFrom = monthStart(asOfDay, options.activeMonths - 1);
  const active = all.series.filter((s) =>
    unitsOn(dataset, s.sku.sku, activeFrom, asOfDay).some((u) => u > 0),
  );
  const chosen = options.top !== undefined ? active.slice(0, options.top) : active;
  const truth: TruthRow[] = [];
  for (const s of chosen)
    unitsOn(dataset, s.sku.sku, asOfDay + 1, asOfDay + options.horizon).forEach((quantity, i) =>
      truth.push({ sku: s.sku.sku, date: isoDay(asOfDay + 1 + i), quantity }),
    );
  const selection: SeriesSelection = { asOf: all.asOf, series: chosen, skipped: all.skipped };
  const rule =
    `SKUs with a sale between ${isoDay(activeFrom)} and ${options.asOf}: ${active.length}` +
    (chosen.length < active.length ? `, the top ${chosen.length} by revenue over the year before` : '');
  return {
    ...panelTruth(dataset, selection, truth),
    dataset: name,
    asOf: options.asOf,
    horizon: options.horizon,
    selection,
    rule,
  };
}

/** Prices (the master's list price), previous actuals and MASE scales of a selection. */
export function panelTruth(dataset: Dataset, selection: SeriesSelection, truth: TruthRow[]): PanelTruth {
  return {
    truth,
    prices: new Map(selection.series.map((s) => [s.sku.sku, s.sku.unitPrice])),
    previousActual: previousActualsFrom(dataset),
    scaleHistory: new Map(
      selection.series.map((s) => [s.sku.sku, scaleHistoryOf(s.series.y, s.context.disruptions)]),
    ),
  };
}

/** The last year of a series with disrupted days as NaN (left out of the MASE scale). */
export function scaleHistoryOf(
  y: readonly number[],
  disruptions: Parameters<typeof disruptionMask>[1],
): number[] {
  const masked = disruptionMask(y.length, disruptions);
  const from = Math.max(0, y.length - MASE_SCALE_DAYS);
  return y.slice(from).map((v, i) => (masked[from + i] ? NaN : v));
}
