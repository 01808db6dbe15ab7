import { addPeriods } from './calendar';
import { launchRampFactors } from './launch-ramp';
import {
  adjustedFactors,
  factorsReason,
  LAUNCH_LEAD_DAYS,
  launchAgeOf,
  learnPanelAdjustments,
  PanelSku,
  priceFactorOf,
  skuAdjustments,
  withAdjustments,
} from './panel-adjustments';
import { runDownFactors } from './run-down';

const DAY0 = '2023-01-01';
const day = (i: number) => addPeriods(DAY0, 'daily', i);
const AS_OF = day(599);

/** A SKU first sold on day `from`, `rate(age)` a day up to as-of or the day before `end`. */
function sku(
  id: string,
  from: number,
  rate: (age: number) => number,
  end?: number,
  group = 'home',
): PanelSku {
  const last = end !== undefined ? Math.min(end - 1, 599) : 599;
  return {
    id,
    start: day(from),
    y: Array.from({ length: last - from + 1 }, (_, a) => rate(a)),
    group,
    ...(end !== undefined && { endOfSale: day(end) }),
  };
}

describe('learnPanelAdjustments', () => {
  // peers on sale from the first day; four SKUs that ended after running down to a third over their last 56
  // days; four launched within the data, at a third of their level for 28 days
  const peers = [sku('P1', 0, () => 500), sku('P2', 0, () => 500)];
  const ended = [400, 450, 500, 550].map((end, i) => sku(`E${i}`, 0, (a) => (end - a <= 56 ? 4 : 12), end));
  const launched = [40, 70, 100, 130].map((from, i) => sku(`L${i}`, from, (a) => (a < 28 ? 3 : 9)));
  const young = sku('Young', 580, () => 3);
  const ending = sku('Ending', 0, () => 10, 660);
  const panel = [...peers, ...ended, ...launched, young, ending];
  const adjustments = learnPanelAdjustments(panel, AS_OF);

  it('learns the run-down from the SKUs ended by as-of and the ramp from those launched within the data', () => {
    expect(adjustments.dataStart).toBe(DAY0);
    expect(adjustments.runDown?.skus).toBe(4); // Ending ends after as-of: forecast, not learned from
    expect(adjustments.runDown!.buckets[0]).toBeLessThan(0.6);
    expect(adjustments.launchRamp?.skus).toBe(4); // Young has not sold long enough; the others were there from day 0
    expect(adjustments.launchRamp!.buckets[1]).toBeLessThan(0.6);
    expect(adjustments.launchRamp!.buckets[5]).toBeCloseTo(1, 1);
    expect(adjustments.elasticity).toBeUndefined(); // no prices
  });

  it('dates a launch from the panel’s first day', () => {
    expect(launchAgeOf(adjustments, young)).toBe(19);
    expect(launchAgeOf(adjustments, { start: day(LAUNCH_LEAD_DAYS - 1) })).toBeUndefined();
    expect(launchAgeOf(adjustments, { start: day(LAUNCH_LEAD_DAYS) })).toBe(599 - LAUNCH_LEAD_DAYS);
  });

  it("multiplies a SKU's run-down and price change, 0 from its end of sale on", () => {
    const { factors, ramp } = skuAdjustments(adjustments, ending, 70);
    expect(ramp).toBeUndefined();
    expect(factors).toEqual(runDownFactors(adjustments.runDown, 61, 70)); // day 660 is 61 days after as-of
    expect(factors!.slice(60)).toEqual(new Array(10).fill(0));
    expect(factors![0]).toBeGreaterThan(0.8);
    expect(factors![59]).toBeLessThan(0.6); // its last 56 days at a third, as the ended SKUs did
    expect(adjustedFactors(new Array(70).fill(5), { factors })).toEqual(factors);
    expect(skuAdjustments(adjustments, peers[0], 30)).toEqual({});
    expect(adjustedFactors(new Array(30).fill(5), undefined)).toEqual(new Array(30).fill(1));
  });

  it('lifts a young SKU by the climb still to come that its forecast does not already have', () => {
    const { factors, ramp } = skuAdjustments(adjustments, young, 30);
    expect(factors).toBeUndefined();
    expect(ramp).toEqual({ factors: launchRampFactors(adjustments.launchRamp, 19, 30), level: 3 });
    // a flat forecast at its level: the whole ramp; one already climbing as fast: nothing more
    expect(adjustedFactors(new Array(30).fill(3), { ramp })).toEqual(ramp!.factors);
    const climbing = adjustedFactors(
      ramp!.factors.map((r) => 3 * r * 1.5),
      { ramp },
    );
    climbing.forEach((f) => expect(f).toBeCloseTo(1, 12));
  });

  it('learns the elasticity from past list-price changes and prices in one that just moved', () => {
    // twenty SKUs whose price rose 20 % at some point and whose demand fell by 1.2^−1.5; one just repriced
    const priced = (id: string, change: number, length = 600) => {
      const price = Array.from({ length }, (_, i) => (i < change ? 10 : 12));
      const y = price.map((p) => 100 * Math.pow(p / 10, -1.5));
      return { id, start: DAY0, y, price, group: 'home' };
    };
    const many = Array.from({ length: 20 }, (_, i) => priced(`S${i}`, 100 + 20 * i));
    const repriced = priced('Now', 590);
    const adj = learnPanelAdjustments([...many, { ...repriced, y: repriced.y.map(() => 100) }], AS_OF);
    expect(adj.elasticity!.elasticity).toBeCloseTo((1.5 * 20) / 25, 1); // shrunk by n / (n + 5)
    const now = { ...repriced, y: repriced.y.map(() => 100) };
    expect(priceFactorOf(adj, now)).toBeLessThan(0.9);
    expect(skuAdjustments(adj, now, 5).factors).toEqual(new Array(5).fill(priceFactorOf(adj, now)));
    expect(priceFactorOf(adj, { ...now, price: undefined })).toBe(1);
  });
});

describe('withAdjustments', () => {
  it('multiplies the reconciliation by the adjustments step by step; off sale (0) leaves the factor', () => {
    expect(withAdjustments([1.2, 1, 0.9], [0.5, 2, 0])).toEqual([0.6, 2, 0.9]);
    expect(withAdjustments([1.2, 1], undefined)).toEqual([1.2, 1]);
  });
});

describe('factorsReason', () => {
  const ramp = { factors: [1.5, 1.5, 1.5], level: 10 };
  it('names what moved the forecast: the reconciliation, the run-down or price change, the launch ramp', () => {
    expect(factorsReason([1.1, 1, 1], undefined, undefined)).toBe('reconciled with its category');
    expect(factorsReason([1, 1, 1], { factors: [0.9, 0.8, 0] }, [10, 10, 10])).toBe(
      'adjusted for its run-down or price change',
    );
    const flat = [10, 10, 10];
    expect(factorsReason([0.8, 0.8, 0.8], { factors: [0.9, 0.9, 0.9], ramp }, flat)).toBe(
      'reconciled with its category; adjusted for its run-down or price change and its launch ramp',
    );
  });
  it('names nothing that left every step as it was', () => {
    expect(factorsReason([1, 1, 1], undefined, undefined)).toBe('');
    // off sale from the end on (0) counts as no change, as withAdjustments applies it
    expect(factorsReason([1, 1, 1], { factors: [1, 0, 0] }, [10, 10, 10])).toBe('');
    // a ramp the forecast's own growth already carries (rampBeyondForecast: 1) is not named
    const growing = [15, 15, 15];
    const adjusted = adjustedFactors(growing, { ramp });
    expect(adjusted).toEqual([1, 1, 1]);
    expect(factorsReason([1, 1, 1], { ramp }, growing)).toBe('');
  });
});
