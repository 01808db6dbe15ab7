import {
  learnElasticity,
  PRICE_MIN_CHANGES,
  PRICE_PRIOR_CHANGES,
  priceChangeFactor,
  priceChanges,
  PricedSeries,
} from './price-change';

/** A SKU selling `level` a day at price `p0`, then from `day` on at p1, demand ∝ price^−e (± a weekly wave). */
function sku(length: number, day: number, p0: number, p1: number, e: number, level = 20): PricedSeries {
  const price = Array.from({ length }, (_, i) => (i < day ? p0 : p1));
  const y = price.map((p, i) => level * Math.pow(p / p0, -e) * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 7)));
  return { y, price };
}

describe('priceChanges', () => {
  it('finds a lasting change of a held price, with the demand’s response over four weeks each side', () => {
    const changes = priceChanges(sku(200, 100, 10, 11, 1.5));
    expect(changes).toHaveLength(1);
    expect(changes[0].x).toBeCloseTo(Math.log(1.1), 6);
    expect(changes[0].y).toBeCloseTo(-1.5 * Math.log(1.1), 2);
  });

  it('ignores a one-day blip, promotion days, and a price that moves with each day’s order mix', () => {
    const blip = sku(200, 300, 10, 10, 1.5);
    (blip.price as number[])[100] = 8;
    expect(priceChanges(blip)).toEqual([]);
    // ten days of a promotion at 7 are skipped: the list price never moved
    const steady = sku(200, 300, 10, 10, 1.5);
    const promoted = (i: number) => i >= 100 && i < 110;
    const promo = { ...steady, price: steady.price.map((p, i) => (promoted(i) ? 7 : p)) };
    expect(priceChanges({ ...promo, skip: promo.price.map((_, i) => promoted(i)) })).toEqual([]);
    // wholesale tiers: the day's average price is 0.85 or 0.72 as small or large orders dominate
    const tiers = sku(200, 300, 1, 1, 0);
    const mixed = { ...tiers, price: tiers.price.map((_, i) => ((i * 7919) % 3 === 0 ? 0.72 : 0.85)) };
    expect(priceChanges(mixed)).toEqual([]);
  });
});

describe('learnElasticity', () => {
  it("recovers the panel's elasticity from its price changes, shrunk toward 0 by how few they are", () => {
    const changes = [10, 11, 9, 12, 8, 10.5, 9.5, 11.5, 10, 12].flatMap((p1, k) =>
      priceChanges(sku(200, 90 + k, 10, p1, 1.6)),
    );
    const n = changes.length;
    expect(n).toBeGreaterThanOrEqual(8);
    const e = learnElasticity(changes)!;
    expect(e.changes).toBe(n);
    expect(e.elasticity).toBeCloseTo((1.6 * n) / (n + PRICE_PRIOR_CHANGES), 1);
  });

  it(`needs ${PRICE_MIN_CHANGES} changes, and never says demand rises with its price`, () => {
    expect(learnElasticity([{ x: 0.1, y: -0.2 }])).toBeUndefined();
    const perverse = Array.from({ length: 10 }, () => ({ x: 0.1, y: 0.1 }));
    expect(learnElasticity(perverse)!.elasticity).toBe(0);
  });
});

describe('priceChangeFactor', () => {
  const elasticity = { elasticity: 1.5, changes: 40 };

  it('moves the forecast by the price’s effect still to come after the level’s four weeks', () => {
    // the price rose 10 % four days before the end: the level holds 24 days at the old price
    const s = sku(120, 116, 10, 11, 1.5);
    const units = s.y.slice(92).reduce((a, b) => a + b, 0);
    const revenue = s.y.slice(92).reduce((a, y, j) => a + y * s.price[92 + j], 0);
    expect(priceChangeFactor(s, elasticity)).toBeCloseTo(Math.pow(11 / (revenue / units), -1.5), 6);
    expect(priceChangeFactor(s, elasticity)).toBeLessThan(0.9);
    // a markdown raises it
    expect(priceChangeFactor(sku(120, 110, 10, 8, 1.5), elasticity)).toBeGreaterThan(1.1);
  });

  it('is 1 when the price held, without an elasticity, or for a price that is no list price', () => {
    expect(priceChangeFactor(sku(120, 10, 10, 11, 1.5), elasticity)).toBe(1); // changed long ago
    expect(priceChangeFactor(sku(120, 116, 10, 11, 1.5), undefined)).toBe(1);
    const tiers = sku(120, 300, 1, 1, 0);
    const mixed = { ...tiers, price: tiers.price.map((_, i) => ((i * 7919) % 3 === 0 ? 0.72 : 0.85)) };
    expect(priceChangeFactor(mixed, elasticity)).toBe(1);
  });
});
