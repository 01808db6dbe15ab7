import { AIR_PASSENGERS } from '../ets/air-passengers.fixture';
import {
  centredMovingAverage,
  classicalDecomposition,
  isSeasonal,
  multiplicativeSeasonalAdjustment,
} from './classical';

describe('classicalDecomposition', () => {
  it('matches R decompose() on a hand-checkable additive case', () => {
    // R: decompose(ts(c(1,5,3,8,2,6,4,9,3,7,5,10), frequency = 4))
    const d = classicalDecomposition([1, 5, 3, 8, 2, 6, 4, 9, 3, 7, 5, 10], 4, 'additive');
    expect(d.trend.slice(2, 10)).toEqual([4.375, 4.625, 4.875, 5.125, 5.375, 5.625, 5.875, 6.125]);
    expect(d.trend[0]).toBeNaN();
    expect(d.figure).toEqual([-2.875, 0.875, -1.375, 3.375]);
    d.remainder.forEach(
      (r, t) =>
        Number.isFinite(r) &&
        expect(d.trend[t] + d.seasonal[t] + r).toBeCloseTo([1, 5, 3, 8, 2, 6, 4, 9, 3, 7, 5, 10][t], 12),
    );
  });

  it('matches R decompose(type = "multiplicative") on AirPassengers 1949-1959', () => {
    const d = classicalDecomposition(AIR_PASSENGERS.slice(0, 132), 12, 'multiplicative');
    const r = [
      0.910003709488, 0.887376501735, 1.018203703621, 0.975411976474, 0.97981282736, 1.111589811942,
      1.222146625849, 1.213596103766, 1.06091684175, 0.921767025892, 0.80021322849, 0.898961643633,
    ];
    d.figure.forEach((f, i) => expect(f).toBeCloseTo(r[i], 10));
    expect(d.trend[6]).toBeCloseTo(126.791666667, 8);
    expect(d.trend[125]).toBeCloseTo(425.5, 10);
  });

  it('uses a plain centred average for odd periods', () => {
    expect(centredMovingAverage([1, 2, 3, 4, 5], 3)).toEqual([NaN, 2, 3, 4, NaN]);
  });
});

describe('isSeasonal (90 % autocorrelation test at lag m)', () => {
  it('detects a strong seasonal pattern and not white-ish noise or a constant', () => {
    expect(isSeasonal(AIR_PASSENGERS.slice(0, 132), 12)).toBe(true);
    const noise = Array.from({ length: 60 }, (_, t) => 100 + Math.sin(t * 12.9898) * 5);
    expect(isSeasonal(noise, 12)).toBe(false);
    expect(isSeasonal(new Array(60).fill(3), 12)).toBe(false);
    expect(isSeasonal(AIR_PASSENGERS.slice(0, 24), 12)).toBe(false); // needs n > 2m
  });

  it('multiplicative adjustment leaves a non-seasonal series unchanged', () => {
    const y = [5, 6, 7, 6, 5, 6, 7, 8, 7, 6];
    expect(multiplicativeSeasonalAdjustment(y, 4)).toEqual({ adjusted: y, figure: [1], seasonal: false });
  });
});
