import { Series } from '../../core/types';
import { mape } from '../../metrics';
import { AIR_PASSENGERS } from '../ets/air-passengers.fixture';
import { thetaModel, ThetaParams } from './theta';

const series = (y: readonly number[]): Series => ({
  id: 's',
  freq: 'monthly',
  start: '2020-01-01',
  y: [...y],
});

describe('theta', () => {
  it('on a straight line: SES tracks the last value and the drift is half the slope', () => {
    const y = Array.from({ length: 30 }, (_, t) => 5 + 2 * t); // slope 2, last value 63
    const fitted = thetaModel.fit(series(y), { seasonPeriod: 1 });
    const p = fitted.toJSON().params as ThetaParams;
    expect(p.drift).toBeCloseTo(1, 9);
    expect(p.alpha).toBeGreaterThan(0.99);
    // α ≈ 1: forecast_h = ℓ_n + (h − 1 + 1)·b/2 with ℓ_n ≈ 63 -> 64, 65, 66
    fitted.predict(3).mean.forEach((v, k) => expect(v).toBeCloseTo(63 + (k + 1), 1));
  });

  it('a constant series is forecast as that constant, with no seasonal adjustment', () => {
    const fitted = thetaModel.fit(series(new Array(36).fill(7)), { seasonPeriod: 12 });
    expect((fitted.toJSON().params as ThetaParams).figure).toEqual([1]);
    fitted.predict(4).mean.forEach((v) => expect(v).toBeCloseTo(7, 6));
  });

  it('deseasonalises multiplicatively and puts the season back', () => {
    const pattern = [0.6, 0.8, 1.0, 1.2, 1.4, 1.0];
    const y = Array.from({ length: 48 }, (_, t) => 100 * pattern[t % 6]);
    const f = thetaModel.fit(series(y), { seasonPeriod: 6 }).predict(6).mean;
    f.forEach((v, k) => expect(v).toBeCloseTo(100 * pattern[(48 + k) % 6], 6));
  });

  it('forecasts AirPassengers 1960 within 10 %, intervals scaled by season', () => {
    const f = thetaModel.fit(series(AIR_PASSENGERS.slice(0, 132)), { seasonPeriod: 12 }).predict(12, [80]);
    expect(mape(AIR_PASSENGERS.slice(132), f.mean)).toBeLessThan(10);
    const width = f.intervals[80].upper.map((u, i) => u - f.intervals[80].lower[i]);
    // July (peak, step 7) gets a wider band than November (trough, step 11)
    expect(width[6]).toBeGreaterThan(width[10]);
  });

  it('round-trips through JSON', () => {
    const fitted = thetaModel.fit(series(AIR_PASSENGERS.slice(0, 60)), { seasonPeriod: 12 });
    const restored = thetaModel.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(restored.predict(18)).toEqual(fitted.predict(18));
  });
});
