import { Backtest } from './backtest';
import { chooseWeights } from './ensemble';
import { pooledScaledError, spreadByStep } from './scoring';

/**
 * Two weeks of daily demand at 10 units a day around an even/odd zig-zag (9, 11, 9, …), scale 1.
 * `wiggly` forecasts the zig-zag the wrong way round (off by 2 every day, right every week);
 * `biased` forecasts 11.5 every day (off by 1.5 or 2.5 a day, 10.5 a week too many).
 */
const actual = Array.from({ length: 14 }, (_, k) => (k % 2 === 0 ? 9 : 11));
const wiggly = actual.map((_, k) => (k % 2 === 0 ? 11 : 9));
const biased = actual.map(() => 11.5);

function backtestOf(scored = actual.map(() => true)): Backtest {
  return {
    horizon: 14,
    folds: [{ origin: 100, actual, scored, scale: 1, weighed: true }],
    members: [
      { member: 'wiggly', family: 'statistical', forecasts: [wiggly], failures: [] },
      { member: 'biased', family: 'statistical', forecasts: [biased], failures: [] },
    ],
  };
}

describe('pooledScaledError', () => {
  it('per step (block 1) is the mean absolute scaled error', () => {
    const bt = backtestOf();
    expect(pooledScaledError(bt, [wiggly]).error).toBeCloseTo(2, 12);
    expect(pooledScaledError(bt, [biased]).error).toBeCloseTo((7 * 2.5 + 7 * 0.5) / 14, 12);
    expect(pooledScaledError(bt, [biased])).toMatchObject({ folds: 1, points: 14 });
  });

  it('over weekly blocks measures the error of the totals, per scored step', () => {
    const bt = backtestOf();
    // Week sums: actual 70 (7 days of 9/11: 4×9 + 3×11 = 69 in week one, 3×9 + 4×11 = 71 in week two).
    const week = (xs: number[], w: number) => xs.slice(7 * w, 7 * w + 7).reduce((a, b) => a + b, 0);
    const expected = (f: number[]) =>
      (Math.abs(week(actual, 0) - week(f, 0)) + Math.abs(week(actual, 1) - week(f, 1))) / 14;
    expect(pooledScaledError(bt, [wiggly], 7).error).toBeCloseTo(expected(wiggly), 12);
    expect(pooledScaledError(bt, [biased], 7).error).toBeCloseTo(expected(biased), 12);
    expect(pooledScaledError(bt, [wiggly], 7).error).toBeLessThan(pooledScaledError(bt, [biased], 7).error);
  });

  it('sums only scored steps and counts them as the points', () => {
    const scored = actual.map((_, k) => k !== 3 && k !== 10);
    const bt = backtestOf(scored);
    const r = pooledScaledError(bt, [biased], 7);
    expect(r.points).toBe(12);
    const sum = (from: number, to: number, xs: number[]) =>
      xs.slice(from, to).reduce((a, b, i) => a + (scored[from + i] ? b : 0), 0);
    const e =
      Math.abs(sum(0, 7, actual) - sum(0, 7, biased)) + Math.abs(sum(7, 14, actual) - sum(7, 14, biased));
    expect(r.error).toBeCloseTo(e / 12, 12);
    expect(() => pooledScaledError(bt, [biased], 0)).toThrow(/block/);
  });

  it('turns the weights around: per day the zig-zag loses, per week the bias does', () => {
    const bt = backtestOf();
    const daily = chooseWeights(bt, { shrinkage: 0 }).weights;
    const weekly = chooseWeights(bt, { shrinkage: 0, scoreBlock: 7 }).weights;
    expect(daily[0]).toBeLessThan(daily[1]);
    expect(weekly[0]).toBeGreaterThan(weekly[1]);
  });
});

describe('spreadByStep', () => {
  const fold = (origin: number, scale: number, scored = [true, true, false]) => ({
    origin,
    actual: [10, 10, 10],
    scored,
    scale,
    weighed: true,
  });
  const member = (name: string, forecasts: Array<number[] | null>) => ({
    member: name,
    family: 'statistical' as const,
    forecasts,
    failures: [],
  });

  it("is the weighted sd of the members around their combination, per step, over the folds' scored points", () => {
    const bt: Backtest = {
      horizon: 3,
      folds: [fold(50, 2), fold(60, 4)],
      members: [
        member('low', [
          [9, 8, 0],
          [9, 8, 0],
        ]),
        member('high', [
          [11, 12, 0],
          [11, 12, 0],
        ]),
      ],
    };
    // equal weights: sd 1 at step 1 and 2 at step 2, in both folds; step 3 is never scored
    expect(spreadByStep(bt, [0.5, 0.5], false)).toEqual([1, 2, 0]);
    // scaled: RMS of 1/2 and 1/4 at step 1
    expect(spreadByStep(bt, [0.5, 0.5], true)[0]).toBeCloseTo(Math.sqrt((0.25 + 0.0625) / 2), 12);
    // weights 0.9 / 0.1 around the weighted mean: sd = 2·√(0.9·0.1) at step 1
    expect(spreadByStep(bt, [0.9, 0.1], false)[0]).toBeCloseTo(2 * Math.sqrt(0.09), 12);
    // a member with weight 0 does not count
    expect(spreadByStep(bt, [1, 0], false)).toEqual([0, 0, 0]);
  });

  it('leaves out a member without a forecast at a fold (the others alone spread there)', () => {
    const bt: Backtest = {
      horizon: 3,
      folds: [fold(50, 1), fold(60, 1)],
      members: [
        member('low', [
          [9, 9, 9],
          [9, 9, 9],
        ]),
        member('high', [[11, 11, 11], null]),
      ],
    };
    // fold 1: sd 1; fold 2: one member, sd 0
    expect(spreadByStep(bt, [0.5, 0.5], false)[0]).toBeCloseTo(Math.sqrt(0.5), 12);
  });
});
