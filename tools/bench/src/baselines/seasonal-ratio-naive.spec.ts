import { levelSpanFor, seasonalRatioNaive } from './seasonal-ratio-naive';

describe('seasonalRatioNaive (the recovery-aware seasonal naive on regular series)', () => {
  // Period 4: a season 1, 2, 3, 4 over three years with a level that doubles each year.
  const y = [1, 2, 3, 4, 2, 4, 6, 8, 4, 8, 12, 16];

  it('is the last level × the pooled ratios of the same steps in earlier years', () => {
    // Last value 16 (season position 4). Step 1 → position 1: years back k=1: 4/8... pooled:
    // target y[12−4]=4 (k=1), y[12−8]=2 (k=2); base y[11−4]=8, y[11−8]=4 → (4+2)/(8+4) = 0.5.
    const f = seasonalRatioNaive(y, 4, 4);
    expect(f[0]).toBeCloseTo(16 * 0.5, 10);
    // Step 2: targets y[9]=8, y[5]=4 over the same bases → 12/12 = 1.
    expect(f[1]).toBeCloseTo(16 * 1, 10);
    expect(f[3]).toBeCloseTo(16 * 2, 10);
  });

  it('leaves disrupted observations out of the ratios, and of the level', () => {
    const masked = y.map((_, i) => i === 7); // year 2's base (8) is disrupted: only year 1 counts
    const f = seasonalRatioNaive(y, 4, 1, { masked });
    // k=1 is skipped (its base is masked); k=2: target y[4] = 2 over base y[3] = 4.
    expect(f[0]).toBeCloseTo(16 * 0.5, 10);
    const lastMasked = y.map((_, i) => i === 11);
    // The level is the last unmasked value (12).
    expect(seasonalRatioNaive(y, 4, 1, { masked: lastMasked })[0]).toBeLessThan(16);
  });

  it('is the flat level when no earlier year qualifies (one year of history, or no season)', () => {
    expect(seasonalRatioNaive([5, 6, 7], 12, 3)).toEqual([7, 7, 7]);
    expect(seasonalRatioNaive([5, 6, 7, 8], 1, 2)).toEqual([8, 8]);
  });

  it('reaches beyond one season for long horizons (k·m ≥ h)', () => {
    const f = seasonalRatioNaive(y, 4, 6);
    // Step 5 → target n−1+5−8 = 8 (y = 4), base n−1−8 = 3 (y = 4) → ratio 1.
    expect(f[4]).toBeCloseTo(16, 10);
    expect(f).toHaveLength(6);
  });

  it('averages the level over a month of observations on weekly and daily data', () => {
    expect(levelSpanFor(12)).toBe(1);
    expect(levelSpanFor(52)).toBe(4);
    expect(seasonalRatioNaive([1, 1, 1, 1, 2, 2, 2, 2], 52, 1, { levelSpan: 4 })).toEqual([2]);
  });
});
