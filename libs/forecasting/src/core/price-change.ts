import { median } from './stats';

/**
 * A SKU's price changed at the end of its history: the level the members read from the last weeks is a mix of
 * the old price and the new one. The forecast is moved by the price's own effect, (p_now / p_base)^−ε, with ε
 * the panel's price elasticity learned from its own past price changes.
 *
 * - **Price changes** (`priceChanges`): the price of a day is what was paid on average (revenue / units) on a
 *   day that is demand (not a promotion, a shutdown or a missing day). A change is a day whose price differs by
 *   more than PRICE_MIN_CHANGE from the previous priced day's and holds: the median of the next PRICE_CONFIRM_DAYS priced
 *   days is within PRICE_MIN_CHANGE of it. Each gives x = ln(p_after / p_before) and y = ln(q_after / q_before), q the
 *   mean demand over PRICE_WINDOW_DAYS days after and before it (each with at least half its days usable).
 * - **Elasticity** (`learnElasticity`): ε̂ = −Σ x·y / Σ x² (the least-squares slope through the origin, so the
 *   season and trend around each change average out over many changes), shrunk toward 0 by n / (n + PRICE_PRIOR_CHANGES),
 *   n the changes, and kept in [0, PRICE_MAX_ELASTICITY]. Fewer than PRICE_MIN_CHANGES: none (no adjustment).
 * - **Adjustment** (`priceChangeFactor`): p_now is the median price of the last PRICE_NOW_DAYS priced days; p_base the
 *   units-weighted mean price over the last PRICE_BASE_DAYS days, where the members read the level from. The factor
 *   (p_now / p_base)^−ε is applied when they differ by more than PRICE_MIN_CHANGE, and kept within
 *   [1 / PRICE_MAX_FACTOR, PRICE_MAX_FACTOR].
 */

export const PRICE_MIN_CHANGE = 0.02;
export const PRICE_CONFIRM_DAYS = 5;
export const PRICE_WINDOW_DAYS = 28;
export const PRICE_MIN_CHANGES = 5;
export const PRICE_PRIOR_CHANGES = 5;
export const PRICE_MAX_ELASTICITY = 4;
export const PRICE_NOW_DAYS = 3;
export const PRICE_BASE_DAYS = 28;
export const PRICE_MAX_FACTOR = 2;

/** A SKU's daily demand and the price paid each day (NaN on a day without a sale). */
export interface PricedSeries {
  y: readonly number[];
  price: readonly number[];
  /** true where a day is not demand (a promotion, a shutdown): its price and demand are not used. */
  skip?: readonly boolean[];
}

export interface PriceChange {
  /** ln(price after / price before). */
  x: number;
  /** ln(demand after / demand before). */
  y: number;
}

export interface Elasticity {
  /** ε in demand ∝ price^−ε. */
  elasticity: number;
  /** Price changes it was learned from. */
  changes: number;
}

/** Share of prices within PRICE_MIN_CHANGE of `ref` needed for a price to count as held. */
export const PRICE_STEADY_SHARE = 0.8;

/** Whether the prices held at `ref`: at least PRICE_STEADY_SHARE of them within PRICE_MIN_CHANGE of it. */
function steady(prices: readonly number[], ref: number): boolean {
  if (prices.length === 0 || !(ref > 0)) return false;
  const near = prices.filter((p) => Math.abs(Math.log(p / ref)) <= PRICE_MIN_CHANGE).length;
  return near >= PRICE_STEADY_SHARE * prices.length;
}

function priced(s: PricedSeries, i: number): boolean {
  return !s.skip?.[i] && Number.isFinite(s.price[i]) && s.price[i] > 0 && Number.isFinite(s.y[i]);
}

function meanDemand(s: PricedSeries, from: number, to: number): number | undefined {
  let sum = 0;
  let days = 0;
  for (let i = Math.max(0, from); i < Math.min(s.y.length, to); i++)
    if (!s.skip?.[i] && Number.isFinite(s.y[i])) {
      sum += s.y[i];
      days++;
    }
  return days >= (to - from) / 2 && sum > 0 ? sum / days : undefined;
}

/** The lasting price changes of one SKU's history, each with the demand's response. */
export function priceChanges(s: PricedSeries): PriceChange[] {
  const days: number[] = [];
  for (let i = 0; i < s.y.length; i++) if (priced(s, i)) days.push(i);
  const out: PriceChange[] = [];
  let lastChange = -Infinity;
  for (let k = 1; k + PRICE_CONFIRM_DAYS <= days.length; k++) {
    const day = days[k];
    const before = s.price[days[k - 1]];
    const after = median(days.slice(k, k + PRICE_CONFIRM_DAYS).map((i) => s.price[i]));
    if (Math.abs(Math.log(s.price[day] / before)) <= PRICE_MIN_CHANGE) continue;
    if (Math.abs(Math.log(after / s.price[day])) > PRICE_MIN_CHANGE) continue; // a one-day blip, not a new price
    if (day - lastChange < PRICE_WINDOW_DAYS) continue; // the window before it holds another change
    lastChange = day;
    const beforePrices = days
      .slice(0, k)
      .filter((i) => i >= day - PRICE_WINDOW_DAYS)
      .map((i) => s.price[i]);
    const afterPrices = days
      .slice(k)
      .filter((i) => i < day + PRICE_WINDOW_DAYS)
      .map((i) => s.price[i]);
    const prior = median(beforePrices);
    // a list price moved: it held before and holds after (a price that varies with each day's order mix, as
    // wholesale tiers make it, has no such change)
    if (!(steady(beforePrices, prior) && steady(afterPrices, after))) continue;
    const qBefore = meanDemand(s, day - PRICE_WINDOW_DAYS, day);
    const qAfter = meanDemand(s, day, day + PRICE_WINDOW_DAYS);
    if (qBefore === undefined || qAfter === undefined) continue;
    const x = Math.log(after / prior);
    if (Math.abs(x) <= PRICE_MIN_CHANGE) continue;
    out.push({ x, y: Math.log(qAfter / qBefore) });
  }
  return out;
}

/** The panel's price elasticity from its SKUs' past price changes; undefined with fewer than PRICE_MIN_CHANGES. */
export function learnElasticity(changes: readonly PriceChange[]): Elasticity | undefined {
  if (changes.length < PRICE_MIN_CHANGES) return undefined;
  const sxy = changes.reduce((a, c) => a + c.x * c.y, 0);
  const sxx = changes.reduce((a, c) => a + c.x * c.x, 0);
  if (!(sxx > 0)) return undefined;
  const raw = -sxy / sxx;
  const shrunk = (raw * changes.length) / (changes.length + PRICE_PRIOR_CHANGES);
  return { elasticity: Math.min(PRICE_MAX_ELASTICITY, Math.max(0, shrunk)), changes: changes.length };
}

/** The multiplier of a SKU's forecast for the price it sells at now, against the one its recent level was read at. */
export function priceChangeFactor(s: PricedSeries, elasticity: Elasticity | undefined): number {
  if (!elasticity || elasticity.elasticity === 0) return 1;
  const n = s.y.length;
  const days: number[] = []; // the priced days of the base window
  for (let i = Math.max(0, n - PRICE_BASE_DAYS); i < n; i++) if (priced(s, i)) days.push(i);
  const now = days.slice(-PRICE_NOW_DAYS).map((i) => s.price[i]);
  const units = days.reduce((a, i) => a + s.y[i], 0);
  if (now.length < PRICE_NOW_DAYS || !(units > 0)) return 1;
  const revenue = days.reduce((a, i) => a + s.y[i] * s.price[i], 0);
  // the base window's prices are the new one and the old one, each held (else the price is no list price)
  const pNow = median(now);
  const old = days.map((i) => s.price[i]).filter((p) => Math.abs(Math.log(p / pNow)) > PRICE_MIN_CHANGE);
  if (!steady(now, pNow) || (old.length > 0 && !steady(old, median(old)))) return 1;
  const ratio = pNow / (revenue / units);
  if (Math.abs(Math.log(ratio)) <= PRICE_MIN_CHANGE) return 1;
  const f = Math.pow(ratio, -elasticity.elasticity);
  return Math.min(PRICE_MAX_FACTOR, Math.max(1 / PRICE_MAX_FACTOR, f));
}
