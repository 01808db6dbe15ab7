import { Series } from '../../core/types';
import { crostonModel, tsbModel } from './intermittent';

const sparse = (n: number, every: number, size: number) =>
  Array.from({ length: n }, (_, t) => (t % every === every - 1 ? size : 0));
const series = (y: number[]): Series => ({ id: 'x', freq: 'daily', start: '2024-01-01', y });

describe.each([
  ['croston', crostonModel],
  ['tsb', tsbModel],
])('%s', (_, spec) => {
  it('forecasts the demand rate of a regular sparse series (size / interval)', () => {
    const f = spec.fit(series(sparse(200, 5, 10)), { seasonPeriod: 7 }).predict(14).mean;
    f.forEach((v) => expect(v).toBeCloseTo(2, 0));
    expect(new Set(f).size).toBe(1); // a flat rate
  });

  it('forecasts 0 for a series that never sold, and refuses negative demand', () => {
    expect(spec.fit(series(new Array(30).fill(0)), { seasonPeriod: 7 }).predict(3).mean).toEqual([0, 0, 0]);
    expect(() => spec.fit(series([1, -2, 3, 4, 5]), { seasonPeriod: 7 })).toThrow(/non-negative/);
  });
});

describe('tsb against croston', () => {
  it('lets the rate decay when a SKU stops selling (croston keeps its last rate)', () => {
    const y = [...sparse(150, 5, 10), ...new Array<number>(60).fill(0)];
    const tsb = tsbModel.fit(series(y), { seasonPeriod: 7 }).predict(1).mean[0];
    const croston = crostonModel.fit(series(y), { seasonPeriod: 7 }).predict(1).mean[0];
    expect(tsb).toBeLessThan(0.5 * croston);
  });
});
