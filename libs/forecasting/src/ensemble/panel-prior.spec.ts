import { Backtest } from './backtest';
import { chooseWeights } from './ensemble';
import {
  memberPriorWeights,
  PANEL_PRIOR_MIN_SERIES,
  panelMemberPrior,
  StackingSample,
  stackingSample,
} from './panel-prior';
import { validateEngineOptions } from '../pipeline/options';
import { defaultRegistry } from '../pipeline/registry';
import { seededRandom } from '../core/stats';

describe('stackingSample', () => {
  const bt: Backtest = {
    horizon: 4,
    folds: [
      { origin: 10, actual: [10, 20, 30, 40], scored: [true, true, false, true], scale: 2, weighed: true },
      { origin: 14, actual: [50, 60, 70, 80], scored: [true, true, true, true], scale: 10, weighed: true },
    ],
    members: [
      {
        member: 'a',
        family: 'statistical',
        forecasts: [
          [11, 19, 999, 41],
          [55, 65, 75, 85],
        ],
        failures: [],
      },
      { member: 'b', family: 'ml', forecasts: [null, [40, 50, 60, 70]], failures: ['x'] },
      { member: 'never', family: 'baseline', forecasts: [null, null], failures: ['x', 'y'] },
    ],
  };

  it('gives one row per scored step, divided by the fold scale, NaN where a member has no forecast', () => {
    const s = stackingSample(bt);
    expect(s.members).toEqual(['a', 'b']);
    expect(s.actual).toEqual([5, 10, 20, 5, 6, 7, 8]);
    expect(s.rows[0][0]).toBeCloseTo(5.5, 12);
    expect(Number.isNaN(s.rows[0][1])).toBe(true);
    expect(s.rows[3]).toEqual([5.5, 4]);
    expect(s.rows).toHaveLength(7);
  });

  it('sums blocks of steps over their scored steps only', () => {
    const s = stackingSample(bt, 2);
    // fold 1: steps 0–1 (both scored), steps 2–3 (only 3 scored); fold 2: two full blocks
    expect(s.actual).toEqual([15, 20, 11, 15]);
    expect(s.rows[1][0]).toBeCloseTo(41 / 2, 12);
    expect(s.rows[2]).toEqual([12, 9]);
  });
});

describe('panelMemberPrior', () => {
  /** Series whose actuals `truth` forecasts to within a little noise; `noisy` is off by much more. */
  function samples(count: number, seed = 1): StackingSample[] {
    const u = seededRandom(seed);
    return Array.from({ length: count }, () => {
      const actual = Array.from({ length: 12 }, () => 5 + 10 * u());
      return {
        members: ['noisy', 'truth', 'biased'],
        rows: actual.map((a) => [a + 6 * (u() - 0.5), a + 0.2 * (u() - 0.5), a * 1.5]),
        actual,
      };
    });
  }

  it('puts the weight on the member that fits the pooled backtests', () => {
    const prior = panelMemberPrior(samples(PANEL_PRIOR_MIN_SERIES))!;
    expect(Object.keys(prior).sort()).toEqual(['biased', 'noisy', 'truth']);
    expect(Object.values(prior).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(prior.truth).toBeGreaterThan(0.9);
    expect(prior.biased).toBeLessThan(0.02);
  });

  it('needs PANEL_PRIOR_MIN_SERIES series with rows', () => {
    const few = samples(PANEL_PRIOR_MIN_SERIES - 1);
    expect(panelMemberPrior(few)).toBeUndefined();
    expect(panelMemberPrior([...few, { members: ['truth'], rows: [], actual: [] }])).toBeUndefined();
  });

  it('counts a member missing from a series as the mean of the others there, not as zero', () => {
    // `rare` applies to half the series only (there it forecasts as well as `truth`): filled with the row's mean
    // elsewhere, it keeps a share and `truth` keeps more than the noisy member
    const gappy = samples(PANEL_PRIOR_MIN_SERIES).map((s, i) =>
      i % 2 === 0
        ? { members: ['noisy', 'truth'], rows: s.rows.map((r) => [r[0], r[1]]), actual: s.actual }
        : {
            members: ['noisy', 'truth', 'rare'],
            rows: s.rows.map((r) => [r[0], r[1], r[1]]),
            actual: s.actual,
          },
    );
    const prior = panelMemberPrior(gappy)!;
    expect(Object.keys(prior).sort()).toEqual(['noisy', 'rare', 'truth']);
    expect(Object.values(prior).every(Number.isFinite)).toBe(true);
    expect(prior.truth).toBeGreaterThan(prior.noisy);
    expect(prior.truth + prior.rare).toBeGreaterThan(0.9);
  });
});

describe('the member prior in the weights', () => {
  const actual = [10, 10, 10, 10];
  const bt: Backtest = {
    horizon: 4,
    folds: [{ origin: 20, actual, scored: actual.map(() => true), scale: 1, weighed: true }],
    members: [
      { member: 'x', family: 'statistical', forecasts: [[11, 11, 11, 11]], failures: [] },
      { member: 'y', family: 'statistical', forecasts: [[9, 9, 9, 9]], failures: [] },
    ],
  };

  it('is what the evidence is shrunk toward', () => {
    // equal evidence: the family prior splits evenly, the member prior tilts toward x
    expect(chooseWeights(bt, {}).weights).toEqual([0.5, 0.5]);
    const tilted = chooseWeights(bt, { memberPrior: { x: 0.9, y: 0.1 } }).weights;
    // λ = 1 origin / (1 + 1): half the evidence's 0.5, half the prior's 0.9
    expect(tilted[0]).toBeCloseTo(0.7, 12);
    expect(tilted[1]).toBeCloseTo(0.3, 12);
  });

  it('falls back to the family prior where it names none of the members', () => {
    expect(chooseWeights(bt, { memberPrior: { z: 1 } }).weights).toEqual([0.5, 0.5]);
    expect(memberPriorWeights(['x', 'y'], { x: 0, z: 3 })).toBeUndefined();
    expect(memberPriorWeights(['x', 'y'], { x: 1, y: 3 })).toEqual([0.25, 0.75]);
  });

  it('is validated as an engine option, naming it', () => {
    const registry = defaultRegistry();
    expect(() => validateEngineOptions({ horizon: 3, memberPrior: { ets: -1 } }, registry)).toThrow(
      /EngineOptions\.memberPrior/,
    );
    expect(() => validateEngineOptions({ horizon: 3, memberPrior: { ets: 0 } }, registry)).toThrow(
      /memberPrior/,
    );
    expect(() => validateEngineOptions({ horizon: 3, memberPrior: { ets: 1 } }, registry)).not.toThrow();
  });
});
