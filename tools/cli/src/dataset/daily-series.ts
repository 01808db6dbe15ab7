import { dayNumber, isoDay, SkuRecord, SupplyTerms } from '@salescast/datagen';
import {
  eventsToContext,
  FitContext,
  launchAgeOf,
  LaunchProfile,
  learnPanelAdjustments,
  notDemandMask,
  PanelSku,
  priceFactorOf,
  RunDownProfile,
  Series,
} from '@salescast/forecasting';
import { Dataset, SkuDaily } from './load-dataset';

/** One SKU ready for the engine, with what the outputs and the report need to know about it. */
export interface SkuSeries {
  sku: SkuRecord;
  terms?: SupplyTerms;
  /** Daily gross units sold (returns not netted), from the first sale to the as-of day; no sale = 0. */
  series: Series;
  /** Weekly seasonality; shutdowns and promotions from business_events.csv mapped onto the series. */
  context: FitContext;
  /** Daily units returned, aligned with series.y (reported, not forecast). */
  returned: number[];
  /** Revenue and units over the 365 days up to as-of (for rankings). */
  revenueLastYear: number;
  unitsLastYear: number;
  returnedLastYear: number;
  /** Average price paid on the last day with a sale (else the list price). */
  lastPrice: number;
  /**
   * The forecast's multiplier for a price that changed in the last weeks (core/price-change.ts): (price now /
   * the price its recent level was read at)^−ε, ε the data set's elasticity; absent or 1 when the price held.
   */
  priceFactor?: number;
  /**
   * Days from the SKU's first sale to as-of, when it first sold within the data (at least LAUNCH_LEAD_DAYS
   * after the data's first day, so it launched then rather than being on sale before the data began;
   * core/panel-adjustments.ts).
   */
  launchAge?: number;
}

export interface SeriesSelection {
  asOf: string;
  series: SkuSeries[];
  /** SKUs of the master not forecast, and why. */
  skipped: Array<{ sku: string; reason: string }>;
  /**
   * How demand ran down before the planned ends of sale of the SKUs that have already ended (their
   * `discontinued_on` up to the first forecast day); undefined when too few have (core/run-down.ts).
   */
  runDown?: RunDownProfile;
  /**
   * How demand ramped up after the launches within the data, against the SKUs' peers; undefined when too few
   * launched SKUs have sold long enough (core/launch-ramp.ts).
   */
  launchRamp?: LaunchProfile;
}

export interface SeriesOptions {
  /** Last day of history used (YYYY-MM-DD); default: the last day with a sales line. */
  asOf?: string;
  /** Keep only the N SKUs with the highest revenue over the last 365 days. */
  top?: number;
  seed?: number;
}

/**
 * Turns a data set into one daily series per SKU. We forecast gross demand (units ordered): returns are a
 * separate, later flow and netting them would push sales into the wrong days; they are kept alongside for the
 * report. A SKU is skipped when it has no sale up to as-of or is discontinued by the first forecast day.
 */
export function buildDailySeries(dataset: Dataset, options: SeriesOptions = {}): SeriesSelection {
  if (Number.isNaN(dataset.lastDay))
    throw new Error(`${dataset.dir}: no valid sales lines, nothing to forecast`);
  const asOfDay = options.asOf !== undefined ? dayNumber(options.asOf) : dataset.lastDay;
  if (Number.isNaN(asOfDay)) throw new Error(`--as-of must be a date YYYY-MM-DD, got '${options.asOf}'`);
  const asOf = isoDay(asOfDay);
  const selected: SkuSeries[] = [];
  const skipped: SeriesSelection['skipped'] = [];
  // every SKU with a sale, ended ones included: what the adjustments after the engine are learned from
  const panel = new Map<string, PanelSku>();

  for (const sku of dataset.skus.values()) {
    const daily = dataset.daily.get(sku.sku);
    let firstSale = Infinity;
    for (const day of daily?.units.keys() ?? []) if (day <= asOfDay && day < firstSale) firstSale = day;
    if (!daily || !Number.isFinite(firstSale)) {
      skipped.push({ sku: sku.sku, reason: `no sales up to ${asOf}` });
      continue;
    }
    if (sku.discontinuedOn !== undefined && dayNumber(sku.discontinuedOn) <= asOfDay + 1) {
      skipped.push({ sku: sku.sku, reason: `discontinued on ${sku.discontinuedOn}` });
      const run = endedSeries(dataset, sku, daily, firstSale, dayNumber(sku.discontinuedOn));
      if (run) panel.set(sku.sku, run);
      continue;
    }
    const length = asOfDay - firstSale + 1;
    const y = new Array<number>(length).fill(0);
    const returned = new Array<number>(length).fill(0);
    let revenueLastYear = 0;
    let unitsLastYear = 0;
    let returnedLastYear = 0;
    let lastSaleDay = firstSale;
    for (const [day, units] of daily.units) {
      if (day > asOfDay) continue;
      y[day - firstSale] = units;
      if (day > lastSaleDay) lastSaleDay = day;
      if (day > asOfDay - 365) {
        unitsLastYear += units;
        revenueLastYear += daily.revenue.get(day) ?? 0;
      }
    }
    for (const [day, units] of daily.returned) {
      if (day < firstSale || day > asOfDay) continue;
      returned[day - firstSale] = units;
      if (day > asOfDay - 365) returnedLastYear += units;
    }
    const lastPrice = (daily.revenue.get(lastSaleDay) ?? 0) / y[lastSaleDay - firstSale] || sku.unitPrice;
    const series: Series = { id: sku.sku, freq: 'daily', start: isoDay(firstSale), y };
    const { disruptions, promotions, closures } = eventsToContext(series, dataset.events, sku.category);
    const context: FitContext = {
      seasonPeriod: 7,
      ...(disruptions.length > 0 && { disruptions }),
      ...(promotions.length > 0 && { promotions }),
      ...(closures.length > 0 && { closures }),
      ...(options.seed !== undefined && { seed: options.seed }),
    };
    panel.set(sku.sku, panelSku(sku, daily, series, { disruptions, promotions }));
    selected.push({
      sku,
      terms: dataset.terms.get(sku.sku),
      series,
      context,
      returned,
      revenueLastYear,
      unitsLastYear,
      returnedLastYear,
      lastPrice,
    });
  }

  selected.sort((a, b) => b.revenueLastYear - a.revenueLastYear || a.sku.sku.localeCompare(b.sku.sku));
  if (options.top !== undefined && options.top < selected.length) {
    for (const s of selected.slice(options.top))
      skipped.push({ sku: s.sku.sku, reason: `not in the top ${options.top} by revenue` });
    selected.length = options.top;
  }
  // learned from the whole data set (core/panel-adjustments.ts): how the ended SKUs ran down, how the launches
  // ramped up, the price elasticity of past list-price changes; applied to the selected SKUs by runForecast
  const adjustments = learnPanelAdjustments([...panel.values()], asOf);
  for (const s of selected) {
    const own = panel.get(s.sku.sku)!;
    if (adjustments.elasticity) s.priceFactor = priceFactorOf(adjustments, own);
    const launchAge = launchAgeOf(adjustments, own);
    if (launchAge !== undefined) s.launchAge = launchAge;
  }
  const { runDown, launchRamp } = adjustments;
  return { asOf, series: selected, skipped, ...(runDown && { runDown }), ...(launchRamp && { launchRamp }) };
}

/** The average price paid on each day from `from` on (revenue / units), NaN on days without a sale. */
function dailyPrices(daily: SkuDaily, from: number, length: number): number[] {
  const price = new Array<number>(length).fill(NaN);
  for (const [day, units] of daily.units) {
    const i = day - from;
    if (i >= 0 && i < length && units > 0) price[i] = (daily.revenue.get(day) ?? NaN) / units;
  }
  return price;
}

/** An ended SKU's daily demand and prices from its first sale to the day before its end. */
function endedSeries(
  dataset: Dataset,
  sku: SkuRecord,
  daily: SkuDaily,
  firstSale: number,
  end: number,
): PanelSku | undefined {
  if (end <= firstSale) return undefined;
  const y = new Array<number>(end - firstSale).fill(0);
  for (const [day, units] of daily.units) if (day >= firstSale && day < end) y[day - firstSale] = units;
  const series: Series = { id: sku.sku, freq: 'daily', start: isoDay(firstSale), y };
  return panelSku(sku, daily, series, eventsToContext(series, dataset.events, sku.category));
}

/** A SKU as the adjustments after the engine learn from it: its prices, and its shutdown and promotion days left out. */
function panelSku(
  sku: SkuRecord,
  daily: SkuDaily,
  series: Series,
  context: Pick<FitContext, 'disruptions' | 'promotions'>,
): PanelSku {
  return {
    id: sku.sku,
    start: series.start,
    y: series.y,
    price: dailyPrices(daily, dayNumber(series.start), series.y.length),
    skip: notDemandMask(series.y.length, context),
    group: sku.category,
    ...(sku.discontinuedOn !== undefined && { endOfSale: sku.discontinuedOn }),
  };
}
