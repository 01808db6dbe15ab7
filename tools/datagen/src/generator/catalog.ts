import { CATEGORIES, CategoryProfile, COLORS } from './categories';
import { dayNumber } from './days';
import { DAYS } from './story';
import { Rng } from './rng';
import { STORY_WORLD, WorldKnobs } from './world';

/** Everything the generator decides about one SKU up front. */
export interface SkuPlan {
  index: number;
  sku: string;
  name: string;
  category: number;
  /** Relative demand (log-normal: a few best-sellers, a long tail of intermittent SKUs). */
  popularity: number;
  /** First day on sale. */
  launch: number;
  /** Days until a new SKU reaches its full level. */
  rampDays: number;
  /** First day no longer sold (undefined = still sold). */
  discontinued?: number;
  /** List price changes, oldest first: from `day` on the price is `price`. */
  prices: Array<{ day: number; price: number }>;
  elasticity: number;
  /** Negative-binomial shape: smaller = burstier. */
  dispersion: number;
  returnRate: number;
  recovery: { cap: number; floor: number; tau: number };
  /** From `day` on, the level moves towards × `factor` over `rampDays` (a trend break; world knob). */
  trendBreak?: { day: number; factor: number; rampDays: number };
  supplier: string;
  leadTimeDays: number;
  moq: number;
}

const MOQ_STEPS = [1, 5, 6, 10, 12, 20, 24, 25, 48, 50, 100, 200];

function roundPrice(p: number): number {
  return Math.max(0.99, Math.round(p) - 0.01);
}

function pickCategory(rng: Rng): number {
  return rng.weighted(CATEGORIES.map((c) => c.skuShare));
}

function lifecycle(rng: Rng, world: WorldKnobs): { launch: number; discontinued?: number } {
  // 55 % (the story) were on sale before the history starts; the rest launch over the years, a few after the reopening.
  const launch = rng.chance(world.establishedShare)
    ? dayNumber('2014-01-01') + rng.int(DAYS.historyStart - dayNumber('2014-01-01'))
    : DAYS.historyStart + 30 + rng.int(dayNumber('2025-05-31') - DAYS.historyStart - 30);
  const u = rng.next() / world.discontinueScale;
  let discontinued: number | undefined;
  if (u < 0.15) discontinued = launch + 240 + rng.int(Math.max(1, DAYS.shutdownStart - launch - 240));
  else if (u < 0.19)
    discontinued = DAYS.shutdownStart + rng.int(DAYS.reopening - DAYS.shutdownStart + 1); // dropped while closed
  else if (u < 0.22) discontinued = DAYS.reopening + 30 + rng.int(DAYS.dataEnd - DAYS.reopening - 30);
  else if (u < 0.24) discontinued = dayNumber('2025-08-01') + rng.int(31); // planned, already in the master
  if (discontinued !== undefined && discontinued <= launch + 120) discontinued = undefined;
  return { launch, ...(discontinued !== undefined && { discontinued }) };
}

function priceHistory(rng: Rng, category: CategoryProfile, launch: number, end: number): SkuPlan['prices'] {
  let price = roundPrice(category.price[0] * rng.lognormal(0, category.price[1]));
  const prices = [{ day: launch, price }];
  let day = Math.max(launch, DAYS.historyStart);
  for (;;) {
    day += 200 + rng.int(500);
    if (day >= end) break;
    // Mostly inflation-style increases, sometimes a permanent markdown.
    const factor = rng.chance(0.8) ? 1 + rng.uniform(0.03, 0.12) : 1 - rng.uniform(0.08, 0.25);
    price = roundPrice(price * factor);
    prices.push({ day, price });
  }
  return prices;
}

function productName(rng: Rng, category: CategoryProfile): string {
  return `${rng.pick(category.adjectives)} ${rng.pick(category.nouns)} – ${rng.pick(COLORS)}`;
}

/**
 * Builds the assortment: `count` SKUs with their category, lifecycle, prices, returns, recovery and supply terms.
 * `worldRng` draws only what the world knobs add (never-recovering SKUs, trend breaks), so the story's world
 * draws the same numbers from `rng` as before the knobs existed.
 */
export function buildCatalog(
  rng: Rng,
  count: number,
  world: WorldKnobs = STORY_WORLD,
  worldRng: Rng = new Rng(0),
): SkuPlan[] {
  const plans: SkuPlan[] = [];
  for (let index = 0; index < count; index++) {
    const category = pickCategory(rng);
    const profile = CATEGORIES[category];
    const { launch, discontinued } = lifecycle(rng, world);
    // Long tail: log-normal popularity; a quarter of SKUs are slow movers that sell on few days.
    const popularity =
      profile.popularity * rng.lognormal(0, 1.1) * (rng.chance(world.intermittentShare) ? 0.08 : 1);
    const supplier = rng.pick(profile.suppliers);
    const recovery = {
      cap: profile.recovery.cap * rng.lognormal(0, 0.12 * world.recoverySpread),
      floor: profile.recovery.floor * rng.uniform(0.7, 1.3),
      tau: profile.recovery.tau * rng.lognormal(0, 0.3 * world.recoverySpread),
    };
    if (worldRng.chance(world.neverRecoverShare)) {
      recovery.cap = worldRng.uniform(0.25, 0.6);
      recovery.floor = Math.min(recovery.floor, recovery.cap);
      recovery.tau *= 10;
    }
    const trendBreak = worldRng.chance(world.trendBreakShare)
      ? {
          day: dayNumber('2019-01-01') + worldRng.int(dayNumber('2025-05-31') - dayNumber('2019-01-01')),
          factor: worldRng.chance(0.5) ? worldRng.uniform(0.4, 0.8) : worldRng.uniform(1.25, 1.8),
          rampDays: 30 + worldRng.int(150),
        }
      : undefined;
    plans.push({
      index,
      sku: `SKU-${String(index + 1).padStart(5, '0')}`,
      name: productName(rng, profile),
      category,
      popularity,
      launch,
      rampDays: 10 + rng.int(40),
      ...(discontinued !== undefined && { discontinued }),
      prices: priceHistory(rng, profile, launch, Math.min(discontinued ?? Infinity, DAYS.dataEnd)),
      elasticity: rng.uniform(profile.elasticity[0], profile.elasticity[1]),
      dispersion: rng.uniform(2, 12),
      returnRate: rng.uniform(profile.returnRate[0], profile.returnRate[1]),
      recovery,
      ...(trendBreak && { trendBreak }),
      supplier: supplier.name,
      leadTimeDays: supplier.leadTime[0] + rng.int(supplier.leadTime[1] - supplier.leadTime[0] + 1),
      moq: MOQ_STEPS[
        Math.min(
          MOQ_STEPS.length - 1,
          Math.max(0, Math.round(Math.log2(popularity * 8 + 1) + rng.int(3) - 1)),
        )
      ],
    });
  }
  return plans;
}

/** The list price of a SKU on a day. */
export function listPrice(plan: SkuPlan, day: number): number {
  let price = plan.prices[0].price;
  for (const p of plan.prices) {
    if (p.day > day) break;
    price = p.price;
  }
  return price;
}
