import fc from 'fast-check';
import { accuracyFromMape, mae, mape, mapeDetail, mase, naiveScale, rmse, smape, wape } from './point';

const positive = fc.array(fc.double({ min: 0.1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
const pairOf = (len: number) =>
  fc.tuple(
    fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: len, maxLength: len }),
    fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: len, maxLength: len }),
  );

describe('point metrics on hand-computed cases', () => {
  const actual = [100, 200, 0, 50];
  const forecast = [110, 150, 10, 50];

  it('MAPE skips zero actuals and reports how many', () => {
    // |10|/100 = 0.1, |50|/200 = 0.25, skip 0, 0/50 = 0 -> mean 0.35/3
    expect(mape(actual, forecast)).toBeCloseTo((100 * 0.35) / 3, 10);
    expect(mapeDetail(actual, forecast)).toEqual(
      expect.objectContaining({ used: 3, skippedZeros: 1, skippedMissing: 0 }),
    );
    expect(accuracyFromMape(12.5)).toBe(87.5);
  });

  it('MAPE and the others skip NaN positions', () => {
    const d = mapeDetail([100, NaN, 200], [90, 5, NaN]);
    expect(d).toEqual({ value: 10, used: 1, skippedZeros: 0, skippedMissing: 2 });
    expect(mae([1, NaN], [2, 3])).toBe(1);
    expect(mape([0, 0], [1, 2])).toBeNaN();
  });

  it('sMAPE follows the M3 definition 200|y-f|/(|y|+|f|)', () => {
    // 200*10/210, 200*50/350, 200*10/10, 0
    const expected = (200 * 10) / 210 + (200 * 50) / 350 + 200 + 0;
    expect(smape(actual, forecast)).toBeCloseTo(expected / 4, 10);
    expect(smape([0], [0])).toBe(0);
  });

  it('WAPE, MAE and RMSE', () => {
    expect(wape(actual, forecast)).toBeCloseTo((100 * 70) / 350, 10);
    expect(mae(actual, forecast)).toBeCloseTo(70 / 4, 10);
    expect(rmse(actual, forecast)).toBeCloseTo(Math.sqrt((100 + 2500 + 100) / 4), 10);
    expect(wape([0, 0], [1, 1])).toBeNaN();
  });

  it('MASE scales by the in-sample seasonal naive MAE', () => {
    const insample = [10, 20, 30, 14, 22, 36]; // lag-3 diffs: 4, 2, 6 -> scale 4
    expect(naiveScale(insample, 3)).toBe(4);
    expect(mase([40, 20], [36, 22], insample, 3)).toBeCloseTo(3 / 4, 10);
    // too short for the seasonal lag: falls back to lag 1
    expect(naiveScale([1, 3, 6], 12)).toBe(2.5);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => mae([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe('point metric properties', () => {
  it('sMAPE lies in [0, 200]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }).chain(pairOf), ([a, f]) => {
        const s = smape(a, f);
        return s >= 0 && s <= 200 + 1e-9;
      }),
    );
  });

  it('WAPE, MAPE and sMAPE are invariant to rescaling both series', () => {
    fc.assert(
      fc.property(positive, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (a, k) => {
        const f = a.map((v, i) => v * (1 + 0.1 * Math.sin(i)));
        const close = (x: number, y: number) => Math.abs(x - y) <= 1e-7 * Math.max(1, Math.abs(x));
        return (
          close(
            wape(a, f),
            wape(
              a.map((v) => v * k),
              f.map((v) => v * k),
            ),
          ) &&
          close(
            mape(a, f),
            mape(
              a.map((v) => v * k),
              f.map((v) => v * k),
            ),
          ) &&
          close(
            smape(a, f),
            smape(
              a.map((v) => v * k),
              f.map((v) => v * k),
            ),
          )
        );
      }),
    );
  });

  it('RMSE >= MAE, both zero for a perfect forecast', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }).chain(pairOf), ([a, f]) => {
        return rmse(a, f) >= mae(a, f) - 1e-9 && mae(a, a) === 0 && rmse(a, a) === 0;
      }),
    );
  });

  it('the in-sample seasonal naive forecast has MASE 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 6, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (y, m) => {
          const scale = naiveScale(y, m);
          fc.pre(scale > 1e-6);
          const actual = y.slice(m);
          const snaive = y.slice(0, y.length - m);
          return Math.abs(mase(actual, snaive, y, m) - 1) < 1e-9;
        },
      ),
    );
  });
});
