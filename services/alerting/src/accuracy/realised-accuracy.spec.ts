import { realisedAccuracy } from './realised-accuracy';

describe('realisedAccuracy', () => {
  it('scores matched points with the engine metrics', () => {
    const r = realisedAccuracy(
      [
        { day: '2025-01-01', actual: 10, mean: 8, lower80: 5, upper80: 12 },
        { day: '2025-01-02', actual: 20, mean: 25, lower80: 21, upper80: 30 },
      ],
      12,
    );
    expect(r.points).toBe(2);
    expect(r.mape).toBeCloseTo((20 + 25) / 2, 10); // 2/10 = 20 %, 5/20 = 25 %
    expect(r.wape).toBeCloseTo((100 * 7) / 30, 10);
    expect(r.coverage80).toBeCloseTo(0.5, 10);
    expect(r.directionalAccuracy).toBeCloseTo(1, 10); // down then up, both paths
  });

  it('is NaN-valued without points rather than throwing', () => {
    const r = realisedAccuracy([], 0);
    expect(r.points).toBe(0);
    expect(Number.isNaN(r.mape)).toBe(true);
  });
});
