import { AIR_PASSENGERS } from '../ets/air-passengers.fixture';
import { stl } from './stl';

const x = AIR_PASSENGERS.slice(0, 132);

describe('stl', () => {
  // Reference values: R 4 `stl(window(AirPassengers, end = c(1959, 12)), s.window = 13,
  // s.jump = 1, t.jump = 1, l.jump = 1)` (jumps of 1 = exact loess everywhere, as this port does).
  it('matches R stl() exactly (non-robust)', () => {
    const s = stl(x, 12, { seasonalWindow: 13 });
    [-17.94356, -19.33454, 6.616994, -2.010497, -4.097811, 20.74463].forEach((v, i) =>
      expect(s.seasonal[i]).toBeCloseTo(v, 4),
    );
    expect(s.trend[0]).toBeCloseTo(123.3654, 4);
    expect(s.trend[59]).toBeCloseTo(226.9143, 4);
    expect(s.trend[131]).toBeCloseTo(456.0873, 4);
    expect(s.weights.every((w) => w === 1)).toBe(true);
  });

  it('matches R with a periodic seasonal', () => {
    const s = stl(x, 12, { seasonalWindow: 'periodic' });
    expect(s.trend[0]).toBeCloseTo(126.6549, 4);
    expect(s.trend[131]).toBeCloseTo(457.2097, 4);
    for (let t = 12; t < x.length; t++) expect(s.seasonal[t]).toBeCloseTo(s.seasonal[t - 12], 10);
  });

  it('matches R robust fits through 10 outer passes', () => {
    // R: stl(..., inner = 1, outer = 10): trend 124.3747 226.3741 429.7454. (After ~12 passes R drifts
    // slightly: its partial sort for the median is handed its two indices in decreasing order.)
    const s = stl(x, 12, { seasonalWindow: 13, inner: 1, outer: 10 });
    expect(s.trend[0]).toBeCloseTo(124.3747, 3);
    expect(s.trend[59]).toBeCloseTo(226.3741, 3);
    expect(s.trend[131]).toBeCloseTo(429.7454, 3);
  });

  it('adds up, and the robust fit gives an outlier zero weight', () => {
    const y = Array.from({ length: 48 }, (_, t) => 50 + 0.3 * t + 8 * Math.sin((2 * Math.PI * t) / 12));
    y[30] += 100;
    const plain = stl(y, 12);
    const robust = stl(y, 12, { robust: true });
    for (const s of [plain, robust])
      s.remainder.forEach((r, t) => expect(s.seasonal[t] + s.trend[t] + r).toBeCloseTo(y[t], 9));
    expect(robust.weights[30]).toBe(0);
    expect(Math.abs(robust.seasonal[42] - robust.seasonal[18])).toBeLessThan(
      Math.abs(plain.seasonal[42] - plain.seasonal[18]),
    );
  });

  it('refuses short series and missing values', () => {
    expect(() => stl([1, 2, 3], 12)).toThrow(/two periods/);
    expect(() => stl([...x.slice(0, 30), NaN], 12)).toThrow(/missing/);
  });
});
