import fc from 'fast-check';
import {
  acf,
  linearTrend,
  mean,
  median,
  nelderMead,
  normalCdf,
  normalQuantile,
  normalRandom,
  quantile,
  mixSeed,
  seededRandom,
  shrunkTowardGroup,
  standardDeviation,
  zForLevel,
} from './stats';

describe('summaries', () => {
  it('ignore non-finite values', () => {
    expect(mean([1, NaN, 3])).toBe(2);
    expect(mean([NaN])).toBeNaN();
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    expect(median([5, 1, NaN, 3])).toBe(3);
  });

  it('quantile interpolates like R type 7', () => {
    // R: quantile(c(1, 2, 3, 4, 10), 0.3) = 2.2
    expect(quantile([10, 1, 3, 2, 4], 0.3)).toBeCloseTo(2.2, 12);
    expect(quantile([7], 0.9)).toBe(7);
  });
});

describe('normal distribution', () => {
  it('matches R qnorm at reference points', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281551565544601, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(zForLevel(95)).toBeCloseTo(1.959964, 6);
  });

  it('quantile inverts the cdf', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        (p) => Math.abs(normalCdf(normalQuantile(p)) - p) < 2e-7,
      ),
    );
  });
});

describe('acf and trend', () => {
  it('acf matches the standard estimator', () => {
    // y = 1..5, mean 3, denom 10; lag 1: (-2*-1)+(-1*0)+(0*1)+(1*2) = 4 -> 0.4
    expect(acf([1, 2, 3, 4, 5], 2)).toEqual([0.4, expect.closeTo(-0.1, 12)]);
    expect(acf([3, 3, 3], 1)).toEqual([0]);
  });

  it('linearTrend recovers an exact line', () => {
    const fit = linearTrend([3, 5, 7, 9]);
    expect(fit.intercept).toBeCloseTo(3, 12);
    expect(fit.slope).toBeCloseTo(2, 12);
  });
});

describe('random numbers', () => {
  it('are reproducible per seed and roughly standard normal', () => {
    const a = normalRandom(seededRandom(42));
    const b = normalRandom(seededRandom(42));
    const xs = Array.from({ length: 20000 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs.slice(0, 5));
    expect(Math.abs(mean(xs))).toBeLessThan(0.03);
    expect(Math.abs(standardDeviation(xs) - 1)).toBeLessThan(0.03);
  });
});

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosen = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], { maxEvaluations: 5000, tolerance: 1e-14 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('respects an infeasible region signalled by Infinity', () => {
    const r = nelderMead(([x]) => (x < 0.5 ? Infinity : (x - 0.2) ** 2), [0.9]);
    expect(r.x[0]).toBeGreaterThanOrEqual(0.5);
    expect(r.x[0]).toBeCloseTo(0.5, 3);
  });
});

describe('shrunkTowardGroup', () => {
  it('keeps the pulled share of the own variance and the rest of the prior', () => {
    // no group: the prior is a factor of 1 known to se² 0.05; own log 0.4 with se² 0.04 is pulled by 1 − 0.04/0.16
    const pull = 1 - 0.04 / 0.16;
    expect(shrunkTowardGroup({ log: 0.4, se2: 0.04 }, undefined).se2).toBeCloseTo(
      pull * 0.04 + (1 - pull) ** 2 * 0.05,
      12,
    );
    // an own factor sitting on its group's: all of the group's (pulled) variance
    const gPull = 1 - 0.01 / 0.04;
    const onPrior = { log: gPull * 0.2, se2: 0.02 };
    expect(shrunkTowardGroup(onPrior, { log: 0.2, se2: 0.01 }).se2).toBeCloseTo(gPull * 0.01, 12);
    expect(shrunkTowardGroup(undefined, undefined).se2).toBe(0.05);
    // and the log moved toward the prior by the same pull
    expect(shrunkTowardGroup({ log: 0.4, se2: 0.04 }, undefined).log).toBeCloseTo(pull * 0.4, 12);
  });
});

describe('mixSeed', () => {
  it('gives each key its own seed, the same on every call, and moves with the run seed', () => {
    expect(mixSeed(1, '2025-07-01')).toBe(mixSeed(1, '2025-07-01'));
    expect(mixSeed(1, '2025-07-01')).not.toBe(mixSeed(1, '2025-04-30'));
    expect(mixSeed(1, '2025-07-01')).not.toBe(mixSeed(2, '2025-07-01'));
    expect(Number.isInteger(mixSeed(7, 'monthly cut 54')) && mixSeed(7, 'monthly cut 54') >= 0).toBe(true);
  });
});
