import { dayNumber, isoDay } from '@salescast/datagen';
import { normalQuantile } from '@salescast/forecasting';
import { sigmaFromBand } from './normal';
import { SkuForecast } from './run-forecast';

export interface ReorderOptions {
  /** Probability of not running out before a replenishment arrives, e.g. 0.95. */
  serviceLevel: number;
  /** Days between two ordering decisions: an order covers lead time + review period. */
  reviewDays: number;
  /** Units on hand at the end of the as-of day, by SKU (missing SKU = 0). */
  stock?: ReadonlyMap<string, number>;
}

export interface ReorderLine {
  sku: string;
  name: string;
  supplier: string;
  leadTimeDays: number | undefined;
  moq: number | undefined;
  onHand: number;
  /** Mean forecast units per day over the horizon. */
  dailyDemand: number;
  leadTimeDemand: number;
  safetyStock: number;
  reorderPoint: number;
  orderQuantity: number;
  /** Latest day to place the order ('' when no order is needed within the horizon). */
  orderBy: string;
  status: 'order now' | 'order by date' | 'no order needed' | 'no supply terms';
}

/** Mean and variance of the demand on forecast days [from, to) (1-based day offsets), extrapolating past the horizon. */
function demandBetween(f: SkuForecast, from: number, to: number): { mean: number; variance: number } {
  const n = f.mean.length;
  const tail = Math.min(28, n);
  let tailMean = 0;
  let tailVar = 0;
  for (let i = n - tail; i < n; i++) {
    tailMean += f.mean[i] / tail;
    tailVar += sigmaFromBand(f.p10[i], f.p90[i]) ** 2 / tail;
  }
  let mean = 0;
  let variance = 0;
  for (let t = from; t < to; t++) {
    const i = t - 1;
    if (i < n) {
      mean += f.mean[i];
      variance += sigmaFromBand(f.p10[i], f.p90[i]) ** 2;
    } else {
      mean += tailMean;
      variance += tailVar;
    }
  }
  return { mean, variance };
}

/**
 * A replenishment proposal for one SKU (periodic review, order-up-to):
 *  - safety stock = z(service level) · σ of demand over the lead time, σ from the daily 80 % bands
 *    (assuming independent days, which understates risk when errors persist);
 *  - reorder point = lead-time demand + safety stock;
 *  - order-by = first day the projected stock (on hand − cumulative mean demand) is at or below the reorder
 *    point for the following lead time; the quantity then covers lead time + review period plus safety stock
 *    minus what is left, at least the MOQ.
 */
export function planReorder(f: SkuForecast, asOf: string, options: ReorderOptions): ReorderLine {
  const sku = f.input.sku;
  const terms = f.input.terms;
  const onHand = options.stock?.get(sku.sku) ?? 0;
  const dailyDemand = f.mean.reduce((a, b) => a + b, 0) / Math.max(1, f.mean.length);
  const base = { sku: sku.sku, name: sku.name, supplier: terms?.supplier ?? '', onHand, dailyDemand };
  if (!terms)
    return {
      ...base,
      leadTimeDays: undefined,
      moq: undefined,
      leadTimeDemand: 0,
      safetyStock: 0,
      reorderPoint: 0,
      orderQuantity: 0,
      orderBy: '',
      status: 'no supply terms',
    };
  const z = normalQuantile(options.serviceLevel);
  const lead = terms.leadTimeDays;
  const atStart = demandBetween(f, 1, lead + 1);
  const safetyStock = z * Math.sqrt(atStart.variance);
  const reorderPoint = atStart.mean + safetyStock;

  let stock = onHand;
  let orderDay = -1;
  for (let t = 0; t < f.mean.length; t++) {
    if (t > 0) stock -= f.mean[t - 1];
    const during = demandBetween(f, t + 1, t + lead + 1);
    if (stock <= during.mean + z * Math.sqrt(during.variance)) {
      orderDay = t;
      break;
    }
  }
  const common = {
    ...base,
    leadTimeDays: lead,
    moq: terms.moq,
    leadTimeDemand: atStart.mean,
    safetyStock,
    reorderPoint,
  };
  if (orderDay < 0) return { ...common, orderQuantity: 0, orderBy: '', status: 'no order needed' };
  const cover = demandBetween(f, orderDay + 1, orderDay + lead + options.reviewDays + 1);
  const need = cover.mean + z * Math.sqrt(cover.variance) - stock;
  const orderQuantity = need > 0 ? Math.max(terms.moq, Math.ceil(need)) : 0;
  return {
    ...common,
    orderQuantity,
    orderBy: isoDay(dayNumber(asOf) + 1 + orderDay),
    status: orderDay === 0 ? 'order now' : 'order by date',
  };
}
