import { DayRow, inputDrift, ks, psi, psiOfShares } from './drift';

function days(start: string, n: number, units: (i: number) => number, price = 10, returned = 0): DayRow[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => {
    const u = units(i);
    return { day: new Date(t0 + i * 86_400_000).toISOString().slice(0, 10), units: u, revenue: u * price, returned };
  });
}

// a weekly pattern with a little deterministic noise
const weekly = (level: number) => (i: number) => level * (i % 7 >= 5 ? 1.6 : 1) + ((i * 7919) % 5) - 2;

describe('psi and ks', () => {
  it('are ~0 for identical samples and large for separated ones', () => {
    const a = Array.from({ length: 50 }, (_, i) => i % 10);
    expect(psi(a, a)).toBeCloseTo(0, 10);
    expect(ks(a, a).statistic).toBe(0);
    expect(ks(a, a).pValue).toBeCloseTo(1, 5);
    const b = a.map((x) => x + 100);
    expect(psi(a, b)).toBeGreaterThan(1);
    expect(ks(a, b).statistic).toBe(1);
    expect(ks(a, b).pValue).toBeLessThan(1e-6);
  });

  it('matches a known KS p-value (D = 0.5, n = m = 20 → p ≈ 0.0095)', () => {
    const a = Array.from({ length: 20 }, (_, i) => i);
    const b = Array.from({ length: 20 }, (_, i) => i + 10);
    const r = ks(a, b);
    expect(r.statistic).toBeCloseTo(0.5, 10);
    expect(r.pValue).toBeGreaterThan(0.005);
    expect(r.pValue).toBeLessThan(0.02);
  });

  it('rejects distributions of different length', () => {
    expect(() => psiOfShares([1, 2], [1])).toThrow(/length/);
  });
});

describe('inputDrift', () => {
  const reference = days('2025-01-06', 28, weekly(10));

  it('finds no drift when the recent weeks look like the training window', () => {
    const recent = days('2025-02-03', 14, weekly(10));
    const f = inputDrift(reference, recent);
    expect(f.map((x) => x.feature).sort()).toEqual(['price', 'returns_rate', 'units', 'weekday_mix']);
    expect(f.filter((x) => x.drifted)).toEqual([]);
  });

  it('flags a level shift in units, and a price change, and nothing else', () => {
    const recent = days('2025-02-03', 14, weekly(30), 14);
    const drifted = inputDrift(reference, recent).filter((x) => x.drifted).map((x) => x.feature);
    expect(drifted.sort()).toEqual(['price', 'units']);
  });

  it('flags a changed weekday mix (weekend sales moved to Monday)', () => {
    const t0 = Date.parse('2025-02-03T00:00:00Z');
    const recent = days('2025-02-03', 14, (i) => (new Date(t0 + i * 86_400_000).getUTCDay() === 1 ? 60 : 10));
    const mix = inputDrift(reference, recent).find((x) => x.feature === 'weekday_mix')!;
    expect(mix.drifted).toBe(true);
    expect(mix.statistic).toBeGreaterThan(0.2);
  });

  it('judges nothing before enough recent days have arrived', () => {
    expect(inputDrift(reference, days('2025-02-03', 6, weekly(30)))).toEqual([]);
  });
});
