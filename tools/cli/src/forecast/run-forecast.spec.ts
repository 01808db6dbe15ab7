import { SeriesSelection, SkuSeries } from '../dataset/daily-series';
import { baselineForecasts } from './baselines';
import { runForecast } from './run-forecast';

function sku(id: string, y: number[], discontinuedOn?: string): SkuSeries {
  return {
    sku: {
      sku: id,
      name: id,
      category: 'c',
      unitPrice: 1,
      launchedOn: '2024-01-01',
      ...(discontinuedOn && { discontinuedOn }),
    },
    series: { id, freq: 'daily', start: '2024-01-01', y },
    context: { seasonPeriod: 7 },
    returned: y.map(() => 0),
    revenueLastYear: 0,
    unitsLastYear: 0,
    returnedLastYear: 0,
    lastPrice: 1,
  };
}

const weekly = (days: number, level: number) =>
  Array.from({ length: days }, (_, i) => level * (i % 7 >= 5 ? 1.5 : 1) + (i % 3));

describe('runForecast (real engine)', () => {
  it('forecasts every SKU from the day after as-of, never negative, nothing after discontinuation', async () => {
    const selection: SeriesSelection = {
      asOf: '2024-04-29', // 120 days from 2024-01-01
      series: [sku('A', weekly(120, 10)), sku('B', weekly(120, 0.2), '2024-05-05')],
      skipped: [],
    };
    const progress: number[] = [];
    const run = await runForecast(selection, {
      horizon: 14,
      seed: 1,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([1, 2]);
    expect(run.forecasts.map((f) => f.input.sku.sku)).toEqual(['A', 'B']);
    for (const f of run.forecasts) {
      expect(f.dates[0]).toBe('2024-04-30');
      expect(f.dates).toHaveLength(14);
      f.mean.forEach((m, i) => {
        expect(m).toBeGreaterThanOrEqual(0);
        expect(f.p10[i]).toBeLessThanOrEqual(m + 1e-9);
        expect(f.p90[i]).toBeGreaterThanOrEqual(m - 1e-9);
      });
    }
    const a = run.forecasts[0];
    expect(a.mean.reduce((s, v) => s + v, 0) / 14).toBeGreaterThan(8);
    const b = run.forecasts[1];
    expect(b.mean.slice(b.dates.indexOf('2024-05-05'))).toEqual(
      new Array(14 - b.dates.indexOf('2024-05-05')).fill(0),
    );
  }, 60_000);
});

describe('baselineForecasts', () => {
  it('repeats the last-30-day level, the same weekday a year ago, and the level × seasonal ratio', () => {
    // 2 years + 10 days; a year-old bump in the horizon window doubles sales for 7 days.
    const y = Array.from({ length: 738 }, (_, i) => (i >= 738 - 364 && i < 738 - 364 + 7 ? 4 : 2));
    const selection: SeriesSelection = { asOf: '2026-01-08', series: [sku('A', y)], skipped: [] };
    const b = baselineForecasts(selection, 7);
    expect(b.naive_level.map((r) => r.mean)).toEqual(new Array(7).fill(2));
    expect(b.seasonal_naive.map((r) => r.mean)).toEqual(new Array(7).fill(4));
    expect(b.level_x_seasonal_ratio[0].mean).toBeCloseTo(4);
    expect(b.naive_level[0]).toMatchObject({ sku: 'A', date: '2026-01-09' });
  });
});
