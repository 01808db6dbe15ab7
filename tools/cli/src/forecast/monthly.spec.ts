import { monthlyForecasts } from './monthly';
import { Z80 } from './normal';
import { SkuForecast } from './run-forecast';

describe('monthlyForecasts', () => {
  it("adds the days' means and builds the month's band from their continuous bands, not the whole-unit bounds", () => {
    // three days of July, one of August; each day 0.4 ± 0.3 units: written in whole units as [0, 1] or [0, 0]
    const dates = ['2025-07-29', '2025-07-30', '2025-07-31', '2025-08-01'];
    const mean = [0.4, 0.4, 0.4, 0.4];
    const f = {
      input: { sku: { sku: 'A' } },
      dates,
      mean,
      p10: [0, 0, 0, 0],
      p50: mean,
      p90: [1, 0, 1, 0],
      band: { lower: [0.1, 0.1, 0.1, 0.1], upper: [0.7, 0.7, 0.7, 0.7] },
    } as unknown as SkuForecast;
    const [july, august] = monthlyForecasts(f);
    const sigma = 0.6 / (2 * Z80);
    expect(july).toMatchObject({ sku: 'A', month: '2025-07', days: 3 });
    expect(july.mean).toBeCloseTo(1.2, 12);
    expect(july.p90).toBeCloseTo(1.2 + Z80 * Math.sqrt(3) * sigma, 12);
    expect(july.p10).toBeCloseTo(1.2 - Z80 * Math.sqrt(3) * sigma, 12);
    expect(august).toMatchObject({ month: '2025-08', days: 1 });
    expect(august.p90).toBeCloseTo(0.7, 12);
  });
});
