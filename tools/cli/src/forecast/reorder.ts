import { InventoryRecord, SupplyTerms as TermsRecord } from '@salescast/datagen';
import {
  DemandForecast,
  ForecastInterval,
  planFromForecast,
  PlanParameters,
  ReorderPlan,
  SupplyTerms,
} from '@salescast/planning';
import { SkuForecast } from './run-forecast';

export interface ReorderOptions {
  /** Probability of not running out before the next order can arrive, e.g. 0.95. */
  serviceLevel: number;
  /** Days between two ordering decisions when the supply terms have none. */
  reviewDays: number;
  /**
   * Stock per SKU (`--stock`, or the data set's inventory.csv). Without it the plan gives each SKU's
   * policy (reorder point, safety stock, typical order) with status 'stock unknown', not an order date.
   */
  stock?: ReadonlyMap<string, InventoryRecord>;
}

/** A reorder plan line as the CLI writes it: the plan of @salescast/planning plus the SKU's name. */
export interface ReorderLine extends ReorderPlan {
  name: string;
  /** Mean forecast units per day over the horizon. */
  dailyDemand: number;
}

/** The supply terms of a file row as the planner takes them (pack 1 and the default review when absent). */
export function termsOf(t: TermsRecord | undefined): SupplyTerms | undefined {
  return (
    t && {
      supplier: t.supplier,
      moq: t.moq,
      leadTimeDays: t.leadTimeDays,
      packSize: t.packSize ?? 1,
      reviewDays: t.reviewDays ?? 0,
    }
  );
}

/** The engine's forecast of one SKU as the planner reads it: daily mean and every interval level it has. */
export function demandForecastOf(f: SkuForecast, asOf: string): DemandForecast {
  const intervals = f.result.forecast.intervals;
  const levels = Object.keys(intervals)
    .map(Number)
    .sort((a, b) => a - b);
  return {
    sku: f.input.sku.sku,
    originDate: asOf,
    points: f.dates.map((date, i) => {
      // every interval gets the day's factor, as the mean did (run-down, price change, launch ramp); a day the SKU
      // is no longer sold (discontinued) has mean 0 and no demand in any interval
      const factor = f.factors?.[i] ?? 1;
      // (the engine's 80 % upper bound, before it was written in whole units: a day with a band under half a unit
      // is still sold)
      const upper80 = intervals[80]?.upper[i] ?? 0;
      const sold = f.mean[i] > 0 || (Number.isFinite(upper80) && upper80 * factor > 0);
      return {
        date,
        mean: f.mean[i],
        intervals: levels.map((level): ForecastInterval => ({
          level,
          lower: sold ? Math.max(0, intervals[level].lower[i] * factor) : 0,
          upper: sold ? Math.max(0, intervals[level].upper[i] * factor) : 0,
        })),
      };
    }),
  };
}

/**
 * The plan of one SKU from a daily forecast (points with intervals, as ForecastService and
 * forecasts.published.v1 carry them), its supply terms and stock: the same code the prediction
 * service's GetReorderPlan runs, so that both give the same plan for the same inputs.
 */
export function planSku(
  forecast: DemandForecast,
  terms: SupplyTerms | undefined,
  stock: InventoryRecord | undefined,
  parameters: PlanParameters,
): ReorderPlan {
  const position = stock && { asOf: stock.asOf, onHand: stock.onHand, onOrder: stock.onOrder };
  return planFromForecast({ forecast, terms, stock: position, parameters });
}

/** `salescast forecast`'s reorder plan line for one SKU (see docs/planning.md). */
export function planReorder(f: SkuForecast, asOf: string, options: ReorderOptions): ReorderLine {
  const sku = f.input.sku;
  const counted = options.stock?.get(sku.sku);
  const stock = counted && { ...counted, asOf: counted.asOf || asOf };
  const plan = planSku(demandForecastOf(f, asOf), termsOf(f.input.terms), stock, {
    serviceLevel: options.serviceLevel,
    defaultReviewDays: options.reviewDays,
  });
  return {
    ...plan,
    name: sku.name,
    dailyDemand: f.mean.reduce((a, b) => a + b, 0) / Math.max(1, f.mean.length),
  };
}
