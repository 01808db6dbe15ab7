import { Series } from '../core/types';
import { fitEnsemble } from './ensemble';
import { applyClosures, CAP_MULTIPLE, capPath, closedMask, guardsFor, recentPeak } from './guards';
import { thetaModel } from '../models/theta';
import { holtModel } from '../models/ets';
import { seasonalNaiveModel } from '../models/baselines';
import { FittedEnsemble } from './fitted-ensemble';

describe('recentPeak', () => {
  it('is the highest mean over `span` consecutive usable steps in the lookback', () => {
    const y = [1, 1, 1, 10, 10, 1, 1, 1];
    expect(recentPeak(y, [], 2, 100)).toBe(10);
    expect(recentPeak(y, [], 4, 100)).toBe(5.5);
    // masked points are skipped, and only the last `lookback` steps count
    expect(recentPeak(y, [false, false, false, true, true], 2, 100)).toBe(1);
    expect(recentPeak(y, [], 2, 3)).toBe(1);
  });
});

describe('capPath', () => {
  it('scales down only the blocks whose mean exceeds the cap, keeping their shape', () => {
    const path = [1, 3, 10, 30];
    const scale = capPath(path, { cap: 10, block: 2 });
    expect(path).toEqual([1, 3, 5, 15]);
    expect(scale).toEqual([1, 1, 0.5, 0.5]);
  });
});

describe('closures', () => {
  const guards = { cap: Infinity, block: 7, firstWeekday: 1, closedWeekdays: [6] }; // step 1 is a Monday
  it('zero a closed weekday and move its units to the open days of the same week', () => {
    const mean = new Array<number>(14).fill(6);
    applyClosures(mean, guards);
    expect(mean[5]).toBe(0); // Saturday
    expect(mean[12]).toBe(0);
    expect(mean.slice(0, 7).reduce((a, b) => a + b, 0)).toBeCloseTo(42);
    expect(mean[0]).toBeCloseTo(7);
  });

  it('zero declared closures without moving their units', () => {
    const mean = new Array<number>(7).fill(1);
    applyClosures(mean, { cap: Infinity, block: 7, closedSteps: [{ start: 2, end: 4 }] });
    expect(mean).toEqual([1, 1, 0, 0, 1, 1, 1]);
    expect(closedMask(7, { cap: Infinity, block: 7, closedSteps: [{ start: 5, end: 9 }] })).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('the ensemble with guards', () => {
  // a quiet SKU, then a burst in its last ten days: a trend model would extrapolate it into an explosion
  const quiet = Array.from({ length: 110 }, (_, t) => (t % 7 === 5 ? 0 : 3 + (t % 3)));
  const burst = Array.from({ length: 10 }, (_, t) => 40 + 15 * t);
  const series: Series = { id: 'burst', freq: 'daily', start: '2011-05-02', y: [...quiet, ...burst] };
  const options = {
    horizon: 28,
    members: [holtModel, thetaModel],
    fallbacks: [seasonalNaiveModel],
    restoreMember: () => {
      throw new Error('not restored here');
    },
  };

  it(`never forecasts a week above ${CAP_MULTIPLE}× the four-week peak of the history`, () => {
    const { fitted } = fitEnsemble(series, { seasonPeriod: 7 }, options);
    const f = fitted.predict(28, [80]);
    const peak = recentPeak(series.y, [], 28, 365);
    for (let w = 0; w < 4; w++) {
      const week = f.mean.slice(7 * w, 7 * w + 7).reduce((a, b) => a + b, 0) / 7;
      expect(week).toBeLessThanOrEqual(CAP_MULTIPLE * peak + 1e-9);
    }
    // and the members run apart, so the band is wide: its upper end is far above the mean
    expect(f.intervals[80].upper[27] - f.mean[27]).toBeGreaterThan(0.25 * f.mean[27]);
  });

  it('forecasts 0 on the closed weekday and keeps the weekly total', () => {
    const context = { seasonPeriod: 7, closedWeekdays: [6] };
    const { fitted } = fitEnsemble(series, context, options);
    const f = fitted.predict(28, [80]);
    const guards = guardsFor(series, context);
    closedMask(28, guards).forEach((closed, k) => {
      if (closed) {
        expect(f.mean[k]).toBe(0);
        expect(f.intervals[80].upper[k]).toBe(0);
      } else expect(f.mean[k]).toBeGreaterThan(0);
    });
    expect(closedMask(28, guards).filter(Boolean)).toHaveLength(4);
  });

  it('keeps the guards through JSON', () => {
    const { fitted } = fitEnsemble(series, { seasonPeriod: 7, closedWeekdays: [6] }, options);
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(json.params.guards.closedWeekdays).toEqual([6]);
    expect(json.params.guards.cap).toBeCloseTo(CAP_MULTIPLE * recentPeak(series.y, [], 28, 365));
  });

  it('forecasts 0 from a planned end of sale on, at every horizon, also once restored from JSON', () => {
    const context = { seasonPeriod: 7, endOfSale: series.y.length + 10 }; // the 11th forecast day is off sale
    const { fitted } = fitEnsemble(series, context, options);
    const f = fitted.predict(28, [80]);
    expect(f.mean.slice(0, 10).every((v) => v > 0)).toBe(true);
    expect(f.mean.slice(10)).toEqual(new Array(18).fill(0));
    expect(f.intervals[80].upper.slice(10)).toEqual(new Array(18).fill(0));
    const restored = FittedEnsemble.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())), (json) =>
      (json.model === 'holt' ? holtModel : thetaModel).fromJSON(json),
    );
    expect(restored.predict(40).mean.slice(10)).toEqual(new Array(30).fill(0));
    // no end of sale: nothing closed
    expect(closedMask(28, guardsFor(series, { seasonPeriod: 7 })).some(Boolean)).toBe(false);
  });
});
