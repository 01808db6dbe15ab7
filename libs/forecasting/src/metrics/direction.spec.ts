import fc from 'fast-check';
import { directionalAccuracy } from './direction';

describe('directionalAccuracy', () => {
  it('compares each path with its own previous value, starting from the last observation', () => {
    // actual: 10 -> 12 (up) -> 11 (down) -> 11 (flat) -> 15 (up)
    // forecast: 10 -> 11 (up) -> 13 (up) -> 13 (flat) -> 12 (down)
    expect(directionalAccuracy([12, 11, 11, 15], [11, 13, 13, 12], 10)).toBe(2 / 4);
  });

  it('skips steps with a missing value or a missing predecessor', () => {
    // step 0: up/up hit; step 1: actual NaN skipped; step 2: actual predecessor NaN skipped
    expect(directionalAccuracy([12, NaN, 9], [11, 12, 10], 10)).toBe(1);
    expect(directionalAccuracy([NaN], [1], 0)).toBeNaN();
  });

  it('is 1 for the actual path itself and in [0, 1] for any path', () => {
    const path = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(path, path, fc.double({ min: -100, max: 100, noNaN: true }), (a, f, last) => {
        const g = f.slice(0, a.length).concat(a.slice(f.length));
        const d = directionalAccuracy(a, g, last);
        return directionalAccuracy(a, a, last) === 1 && d >= 0 && d <= 1;
      }),
    );
  });
});
