import { CATEGORIES } from './categories';
import { SkuPlan } from './catalog';
import { blackFriday, dayNumber, isoDay } from './days';
import { DAYS, isClosed } from './story';
import { Rng } from './rng';

export type PromotionScope =
  { kind: 'all' } | { kind: 'category'; category: number } | { kind: 'sku'; index: number };

/** A price promotion: `discount` off the list price on [start, end] (inclusive days). */
export interface Promotion {
  start: number;
  end: number;
  scope: PromotionScope;
  discount: number;
  description: string;
}

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

function percent(discount: number): string {
  return `${Math.round(discount * 100)} % off`;
}

/**
 * The promotion calendar: a Black Friday sale each year (none in 2024: the shop was closed), a
 * reopening sale, a handful of category sales and many single-SKU deals a year, and the promotions
 * already planned for the held-out July–August 2025.
 */
export function planPromotions(rng: Rng, catalog: SkuPlan[]): Promotion[] {
  const promotions: Promotion[] = [];
  const keys = new Set<string>();
  const add = (p: Promotion) => {
    for (let d = p.start; d <= p.end; d++) if (isClosed(d)) return;
    const key = `${p.start}/${JSON.stringify(p.scope)}`; // one promotion per scope and start day (the file's natural key)
    if (keys.has(key)) return;
    keys.add(key);
    promotions.push(p);
  };
  const firstYear = +isoDay(DAYS.historyStart).slice(0, 4);
  for (let year = firstYear; year <= 2025; year++) {
    const bf = blackFriday(year);
    if (bf < DAYS.dataEnd)
      add({
        start: bf,
        end: bf + 3,
        scope: { kind: 'all' },
        discount: 0.15,
        description: `Black Friday weekend: ${percent(0.15)} everything`,
      });
    for (let i = 0; i < 5; i++) {
      const start = dayNumber(`${year}-01-01`) + rng.int(365);
      const category = rng.int(CATEGORIES.length);
      const discount = rng.uniform(0.1, 0.3);
      if (start + 14 < DAYS.dataEnd)
        add({
          start,
          end: start + 6 + rng.int(8),
          scope: { kind: 'category', category },
          discount,
          description: `${capitalize(CATEGORIES[category].name)} sale: ${percent(discount)}`,
        });
    }
    const skuDeals = Math.max(2, Math.round(catalog.length / 15));
    for (let i = 0; i < skuDeals; i++) {
      const plan = rng.pick(catalog);
      const start = dayNumber(`${year}-01-01`) + rng.int(365);
      const discount = rng.uniform(0.15, 0.4);
      if (
        start + 10 < DAYS.dataEnd &&
        start > plan.launch + 30 &&
        (plan.discontinued === undefined || start + 10 < plan.discontinued)
      )
        add({
          start,
          end: start + 2 + rng.int(8),
          scope: { kind: 'sku', index: plan.index },
          discount,
          description: `Deal of the week: ${plan.sku} ${percent(discount)}`,
        });
    }
  }
  add({
    start: DAYS.reopening,
    end: DAYS.reopening + 13,
    scope: { kind: 'all' },
    discount: 0.1,
    description: `We are back: reopening sale, ${percent(0.1)}`,
  });
  // Planned for the forecast window: the forecast should see them coming.
  const garden = CATEGORIES.findIndex((c) => c.name === 'garden');
  add({
    start: dayNumber('2025-07-10'),
    end: dayNumber('2025-07-20'),
    scope: { kind: 'category', category: garden },
    discount: 0.2,
    description: `Summer garden sale: ${percent(0.2)}`,
  });
  const live = catalog.filter(
    (p) => p.launch < DAYS.dataEnd - 90 && (p.discontinued === undefined || p.discontinued > DAYS.truthEnd),
  );
  for (let i = 0; i < Math.min(3, live.length); i++) {
    const plan = rng.pick(live);
    const start = dayNumber('2025-07-05') + rng.int(45);
    add({
      start,
      end: start + 6,
      scope: { kind: 'sku', index: plan.index },
      discount: 0.25,
      description: `Deal of the week: ${plan.sku} ${percent(0.25)}`,
    });
  }
  return promotions.sort((a, b) => a.start - b.start);
}

/** The `scope` column of business_events.csv for a promotion. */
export function scopeText(scope: PromotionScope, catalog: SkuPlan[]): string {
  if (scope.kind === 'all') return 'all';
  if (scope.kind === 'category') return `category:${CATEGORIES[scope.category].name}`;
  return `sku:${catalog[scope.index].sku}`;
}
