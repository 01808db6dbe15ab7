/**
 * What is done to a SKU's forecast after the engine and the reconciliation, learned from the whole panel: the
 * run-down before a planned end of sale (run-down.ts), the ramp-up after a recent launch (launch-ramp.ts) and
 * a list price that just moved (price-change.ts). Each is a multiplier per forecast step.
 *
 * They come after the reconciliation because the categories' own forecasts know nothing of them: applied to a
 * SKU's fit before it, the top-down step would hand most of a SKU's fall (or climb) to its category's other SKUs.
 * The CLI (`salescast forecast`) and the training service (a run's panel stage, then its reconciliation) both
 * learn them here, from the same panel they forecast, so the two forecast alike.
 */
import { periodsBetween } from './calendar';
import {
  LaunchedSeries,
  launchRampFactors,
  LaunchProfile,
  learnLaunchRamp,
  rampBeyondForecast,
  recentLevel,
} from './launch-ramp';
import { Elasticity, learnElasticity, PriceChange, priceChangeFactor, priceChanges } from './price-change';
import { EndedSeries, learnRunDown, RunDownProfile, runDownFactors } from './run-down';

/** A SKU whose first sale comes this many days after the panel's first day launched within the data. */
export const LAUNCH_LEAD_DAYS = 28;

/** One SKU of a panel, daily, as the adjustments see it. */
export interface PanelSku {
  id: string;
  /** The day of y[0] (its first sale), YYYY-MM-DD. */
  start: string;
  /** Daily units from `start` on, up to as-of at most (an ended SKU's may stop before its end). */
  y: readonly number[];
  /** The average price paid each day (revenue / units), NaN on a day without a sale; absent: no price known. */
  price?: readonly number[];
  /** true where a day is not demand (a shutdown, a promotion); aligned with y. */
  skip?: readonly boolean[];
  /** Its category: the launch ramp is measured against the category's other SKUs. */
  group?: string;
  /** Planned end of sale, the first day off sale, YYYY-MM-DD. */
  endOfSale?: string;
}

/** What the panel taught; undefined members were not learnable (too few ended SKUs, launches, price changes). */
export interface PanelAdjustments {
  asOf: string;
  /** The panel's first day: SKUs first sold LAUNCH_LEAD_DAYS or more after it launched within the data. */
  dataStart: string;
  runDown?: RunDownProfile;
  launchRamp?: LaunchProfile;
  elasticity?: Elasticity;
}

/**
 * Learns the run-down from the panel's SKUs that ended by the first forecast day, the launch ramp from those that
 * launched within the data (against their category's other SKUs, ended ones included), and the price elasticity
 * from every SKU's past list-price changes.
 */
export function learnPanelAdjustments(panel: readonly PanelSku[], asOf: string): PanelAdjustments {
  const dataStart = panel.reduce((min, s) => (s.start < min ? s.start : min), asOf);
  const asOfIdx = periodsBetween(dataStart, asOf, 'daily');
  // each SKU's days up to as-of, or up to the day before its end
  const own = panel.map((s) => {
    const offset = periodsBetween(dataStart, s.start, 'daily');
    const end = s.endOfSale !== undefined ? periodsBetween(dataStart, s.endOfSale, 'daily') : Infinity;
    const ended = end <= asOfIdx + 1;
    const n = Math.max(0, Math.min(s.y.length, (ended ? end : asOfIdx + 1) - offset));
    return { s, offset, ended, n };
  });
  // each category's daily total over all its SKUs: the peers' demand
  const totals = new Map<string, Float64Array>();
  for (const { s, offset, n } of own) {
    const key = s.group ?? '';
    let total = totals.get(key);
    if (!total) totals.set(key, (total = new Float64Array(asOfIdx + 1)));
    for (let i = 0; i < n; i++) if (Number.isFinite(s.y[i])) total[offset + i] += s.y[i];
  }
  const ended: EndedSeries[] = [];
  const launched: LaunchedSeries[] = [];
  const changes: PriceChange[] = [];
  for (const { s, offset, ended: isEnded, n } of own) {
    if (n === 0) continue;
    const y = s.y.slice(0, n);
    const skip = s.skip?.slice(0, n);
    if (isEnded) ended.push({ id: s.id, y, ...(skip && { skip }) });
    if (offset >= LAUNCH_LEAD_DAYS) {
      const total = totals.get(s.group ?? '')!;
      const peers = y.map((v, i) => total[offset + i] - (Number.isFinite(v) ? v : 0));
      launched.push({ id: s.id, y, peers, ...(skip && { skip }) });
    }
    if (s.price) changes.push(...priceChanges({ y, price: s.price.slice(0, n), ...(skip && { skip }) }));
  }
  const runDown = learnRunDown(ended);
  const launchRamp = learnLaunchRamp(launched);
  const elasticity = learnElasticity(changes);
  return {
    asOf,
    dataStart,
    ...(runDown && { runDown }),
    ...(launchRamp && { launchRamp }),
    ...(elasticity && { elasticity }),
  };
}

/** Days from the SKU's first sale to as-of, when it launched within the data; else undefined. */
export function launchAgeOf(adjustments: PanelAdjustments, sku: Pick<PanelSku, 'start'>): number | undefined {
  if (periodsBetween(adjustments.dataStart, sku.start, 'daily') < LAUNCH_LEAD_DAYS) return undefined;
  return periodsBetween(sku.start, adjustments.asOf, 'daily');
}

/** The multiplier of the SKU's forecast for the price it sells at now (1 without prices or an elasticity). */
export function priceFactorOf(adjustments: PanelAdjustments, sku: PanelSku): number {
  if (!sku.price) return 1;
  return priceChangeFactor(
    { y: sku.y, price: sku.price, ...(sku.skip && { skip: sku.skip }) },
    adjustments.elasticity,
  );
}

/** A SKU's adjustments for the forecast steps 1..horizon after as-of. */
export interface SkuAdjustments {
  /** Run-down × price change per step, 0 from a planned end of sale on; absent: all 1. */
  factors?: number[];
  /** The launch ramp per step and the recent level it climbs from (`rampBeyondForecast`); absent: none. */
  ramp?: { factors: number[]; level: number };
}

/** What a SKU's adjustments are made of: where it stands against the panel's profiles. */
export interface SkuPosition {
  /** Days from as-of to its planned end of sale (its first day off sale); Infinity without one. */
  daysToEnd: number;
  /** Days from its first sale to as-of, when it launched within the data (`launchAgeOf`). */
  launchAge?: number;
  /** The multiplier for a price that just moved (`priceFactorOf`); 1 when it held. */
  priceFactor: number;
  /** Its daily demand up to as-of: the recent level the ramp climbs from. */
  y: readonly number[];
}

/** A SKU's adjustments from the panel's profiles and its position (an empty object when nothing applies). */
export function adjustmentsFor(
  profiles: Pick<PanelAdjustments, 'runDown' | 'launchRamp'>,
  sku: SkuPosition,
  horizon: number,
): SkuAdjustments {
  const factors = runDownFactors(profiles.runDown, sku.daysToEnd, horizon).map((f) => f * sku.priceFactor);
  const ramp = launchRampFactors(profiles.launchRamp, sku.launchAge, horizon);
  return {
    ...(factors.some((f) => f !== 1) && { factors }),
    ...(ramp.some((f) => f !== 1) && { ramp: { factors: ramp, level: recentLevel(sku.y) } }),
  };
}

/** The SKU's adjustments (an empty object when nothing applies to it). */
export function skuAdjustments(
  adjustments: PanelAdjustments,
  sku: PanelSku,
  horizon: number,
): SkuAdjustments {
  const launchAge = launchAgeOf(adjustments, sku);
  return adjustmentsFor(
    adjustments,
    {
      daysToEnd:
        sku.endOfSale !== undefined ? periodsBetween(adjustments.asOf, sku.endOfSale, 'daily') : Infinity,
      ...(launchAge !== undefined && { launchAge }),
      priceFactor: priceFactorOf(adjustments, sku),
      y: sku.y,
    },
    horizon,
  );
}

/**
 * The multiplier of each step of `forecast` (the SKU's reconciled forecast from as-of) for its adjustments: the
 * run-down and the price change, × the launch ramp less the growth the forecast already has.
 */
export function adjustedFactors(
  forecast: readonly number[],
  adjustments: SkuAdjustments | undefined,
): number[] {
  const ramp = adjustments?.ramp
    ? rampBeyondForecast(adjustments.ramp.factors, forecast, adjustments.ramp.level)
    : undefined;
  return forecast.map((_, k) => (adjustments?.factors?.[k] ?? 1) * (ramp?.[k] ?? 1));
}

/**
 * What moved a SKU's forecast away from its fit, in words, for the gate's decision and the model's history:
 * "reconciled with its category" where the reconciliation factors are not all 1, and "adjusted for …" naming the
 * adjustments that changed a step (its run-down or price change, its launch ramp beyond the growth the forecast
 * already has: `rampBeyondForecast`, as `adjustedFactors` applies it). `forecast` is the SKU's reconciled forecast,
 * the one its adjustments apply to; `tolerance` is how far from 1 a factor must be to count. Empty when nothing
 * moved it.
 */
export function factorsReason(
  reconciliation: readonly number[],
  adjustments: SkuAdjustments | undefined,
  forecast: readonly number[] | undefined,
  tolerance = 1e-9,
): string {
  const moves = (f: readonly number[] | undefined) => !!f?.some((v) => v > 0 && Math.abs(v - 1) >= tolerance);
  const parts: string[] = [];
  if (moves(reconciliation)) parts.push('reconciled with its category');
  const named: string[] = [];
  const ramp =
    adjustments?.ramp && forecast
      ? rampBeyondForecast(adjustments.ramp.factors, forecast, adjustments.ramp.level)
      : undefined;
  if (moves(adjustments?.factors)) named.push('its run-down or price change');
  if (moves(ramp)) named.push('its launch ramp');
  if (named.length > 0) parts.push(`adjusted for ${named.join(' and ')}`);
  return parts.join('; ');
}

/**
 * A SKU's reconciliation factors × its adjustments (`adjustedFactors`), step by step. An adjustment of 0 (off
 * sale from a planned end on) counts as 1: the fit's guards forecast 0 there already, and a reconciled model's
 * factors (core/reconciled.ts) must be > 0. The training service's run reconciliation stores the result as the
 * SKU's reconciled model.
 */
export function withAdjustments(
  reconciliation: readonly number[],
  adjustments?: readonly number[],
): number[] {
  return reconciliation.map((r, k) => {
    const a = adjustments?.[k];
    return a !== undefined && a > 0 && Number.isFinite(a) ? r * a : r;
  });
}
