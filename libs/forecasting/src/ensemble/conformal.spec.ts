import { zForLevel } from '../core/stats';
import { ConformalCalibration, conformalHalfWidths, minResiduals } from './conformal';

const calibration = (residuals: number[][]): ConformalCalibration => ({
  mode: 'absolute',
  scale: 1,
  residuals,
});

describe('conformalHalfWidths', () => {
  it('needs n >= L/(100-L) residuals for a finite split-conformal quantile', () => {
    expect(minResiduals(80)).toBe(4);
    expect(minResiduals(90)).toBe(9);
    expect(minResiduals(95)).toBe(19);
  });

  it('takes the ⌈(n+1)L⌉-th smallest residual of a step that has enough', () => {
    const r = Array.from({ length: 9 }, (_, i) => i + 1); // 1..9: rank ⌈10·0.8⌉ = 8
    expect(conformalHalfWidths(calibration([r]), 1, 80)).toEqual([8]);
  });

  it('pools the nearest steps when one step has too few residuals', () => {
    const widths = conformalHalfWidths(calibration([[1], [2], [3], [4], [50]]), 5, 80);
    // step 1 pools steps 1-3 ([1,2,3] is 3 < 4) then 1-4 -> [1,2,3,4]: rank ⌈5·0.8⌉ = 4 -> 4
    expect(widths[0]).toBe(4);
    // step 3 pools 2-4 (3 values) then 1-5 -> [1,2,3,4,50]: rank ⌈6·0.8⌉ = 5 -> 50
    expect(widths[2]).toBe(50);
  });

  it('uses z·RMSE when all residuals together are too few, and grows past the calibrated horizon', () => {
    const widths = conformalHalfWidths(calibration([[3], [4]]), 4, 95);
    const rmse = Math.sqrt((9 + 16) / 2);
    expect(widths[0]).toBeCloseTo(zForLevel(95) * rmse, 12);
    expect(widths[3]).toBeCloseTo(widths[1] * Math.sqrt(4 / 2), 12);
  });

  it('multiplies scaled residuals back by the scale', () => {
    const r = [[0.5, 1, 1.5, 2, 2.5]];
    expect(conformalHalfWidths({ mode: 'scaled', scale: 10, residuals: r }, 1, 80)).toEqual([25]);
  });

  it('rejects a level outside (0, 100)', () => {
    expect(() => conformalHalfWidths(calibration([[1]]), 1, 100)).toThrow(/level/);
  });
});
