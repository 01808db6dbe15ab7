import {
  BASELINE_DAYS,
  learnRunDown,
  MIN_SKUS,
  RUN_DOWN_BASE_DAYS,
  RUN_DOWN_DAYS,
  runDownAt,
  runDownFactors,
} from './run-down';

/** A SKU's last `length` days before its end: `level` a day, × the run-down (d days before the end). */
function ended(level: number, length: number, runDown: (d: number) => number) {
  return { y: Array.from({ length }, (_, i) => level * runDown(length - i)) };
}
/** Demand falls linearly to 35 % over the last 90 days. */
const linear = (d: number) => (d > 90 ? 1 : 0.35 + (0.65 * d) / 90);

describe('learnRunDown', () => {
  it("recovers a panel's run-down, pooled over SKUs of any size and shrunk a little toward 1", () => {
    const panel = [5, 20, 80, 3, 11, 40, 9, 14, 60, 25].map((level, i) =>
      ended(level, RUN_DOWN_DAYS + BASELINE_DAYS + 30 * i, linear),
    );
    const p = learnRunDown(panel)!;
    expect(p.skus).toBe(10);
    // 10 SKUs against a prior of 3: 10/13 of the log ratio
    const shrunk = (d: number) => Math.exp((10 / 13) * Math.log(linear(d)));
    // bucket 0 covers days 1…14 before the end: its mean ratio (0.35 + 0.65 × 7.5 / 90 ≈ 0.40)
    expect(p.buckets[0]).toBeCloseTo(Math.exp((10 / 13) * Math.log(0.35 + (0.65 * 7.5) / 90)), 2);
    expect(runDownAt(p, 50)).toBeCloseTo(shrunk(50), 1);
    expect(runDownAt(p, 100)).toBeCloseTo(1, 1);
    expect(runDownAt(p, RUN_DOWN_DAYS + 1)).toBe(1);
    // continuous: no step between neighbouring days
    for (let d = 1; d < RUN_DOWN_DAYS + 10; d++)
      expect(Math.abs(runDownAt(p, d + 1) - runDownAt(p, d))).toBeLessThan(0.05);
  });

  it('reaches 1 at the baseline without a step, however low the oldest bucket is', () => {
    // demand already at 60 % four months before the end: the oldest bucket (113–126 days) far below 1
    const early = (d: number) => (d > RUN_DOWN_DAYS ? 1 : 0.6);
    const p = learnRunDown(Array.from({ length: 8 }, (_, i) => ended(20 + i, 500, early)))!;
    expect(p.buckets[p.buckets.length - 1]).toBeLessThan(0.7);
    expect(runDownAt(p, RUN_DOWN_DAYS + 1)).toBe(1);
    const steps = Array.from({ length: 20 }, (_, j) =>
      Math.abs(runDownAt(p, 115 + j + 1) - runDownAt(p, 115 + j)),
    );
    // the last bucket's centre (119.5) to 1 at day 127: (1 − b) / 7.5 a day at most
    expect(Math.max(...steps)).toBeLessThanOrEqual((1 - p.buckets[p.buckets.length - 1]) / 7.5 + 1e-9);
  });

  it('learns "no run-down" from SKUs that sold on to their end', () => {
    const panel = Array.from({ length: 6 }, (_, i) => ended(10 + i, 400, () => 1));
    const p = learnRunDown(panel)!;
    p.buckets.forEach((b) => expect(b).toBeCloseTo(1, 6));
    expect(runDownFactors(p, 30, 40).slice(0, 29)).toEqual(new Array(29).fill(1));
  });

  it('needs MIN_SKUS ended SKUs with the history for it, and leaves out days that are not demand', () => {
    const long = RUN_DOWN_DAYS + BASELINE_DAYS;
    const few = Array.from({ length: MIN_SKUS - 1 }, () => ended(10, long, linear));
    const short = Array.from({ length: 5 }, () => ended(10, long - 1, linear));
    expect(learnRunDown([...few, ...short])).toBeUndefined();
    // a shutdown over the last 60 days of three SKUs: those days say nothing, the SKUs are left out
    const closed = Array.from({ length: 3 }, () => {
      const s = ended(10, long, () => 1);
      const skip = s.y.map((_, i) => i >= long - 60);
      return { y: s.y.map((v, i) => (skip[i] ? 0 : v)), skip };
    });
    const p = learnRunDown([...closed, ...Array.from({ length: 3 }, () => ended(10, long, () => 1))])!;
    expect(p.skus).toBe(3);
    p.buckets.forEach((b) => expect(b).toBeCloseTo(1, 6));
  });
});

describe('runDownFactors', () => {
  const p = learnRunDown(Array.from({ length: 30 }, () => ended(10, 400, linear)))!;

  it('is 1 without an end of sale, and 0 from the end on without a profile', () => {
    expect(runDownFactors(p, Infinity, 5)).toEqual([1, 1, 1, 1, 1]);
    // the end 3 days after the last day of history: steps 1 and 2 sold, step 3 on not
    expect(runDownFactors(undefined, 3, 5)).toEqual([1, 1, 0, 0, 0]);
  });

  it('applies only the fall still to come after the base window the members read the level from', () => {
    // the end 40 days ahead: the base window (days 40…67 before the end) is already part-way down
    const f = runDownFactors(p, 40, 62);
    const base =
      Array.from({ length: RUN_DOWN_BASE_DAYS }, (_, j) => runDownAt(p, 40 + j)).reduce((a, b) => a + b) /
      RUN_DOWN_BASE_DAYS;
    expect(f[0]).toBeCloseTo(runDownAt(p, 39) / base, 6);
    expect(f[0]).toBeLessThan(1);
    expect(f[38]).toBeLessThan(f[0]); // the day before the end: furthest down
    expect(f.slice(39)).toEqual(new Array(62 - 39).fill(0));
    // far from the end, nothing changes
    expect(runDownFactors(p, 400, 30)).toEqual(new Array(30).fill(1));
  });
});
