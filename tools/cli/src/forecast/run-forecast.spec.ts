import {
  countQuantile,
  launchRampFactors,
  learnRunDown,
  rampBeyondForecast,
  recentLevel,
  runDownFactors,
} from '@salescast/forecasting';
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
    priceFactor: 1,
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
    // the two SKUs, then their category and the total (forecast too, for the hierarchy)
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(run.aggregates.map((a) => [a.level, a.name])).toEqual([
      ['category', 'c'],
      ['total', 'total'],
    ]);
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

  it('writes the bands of a SKU sold in whole units as whole units, and leaves fractional ones continuous', async () => {
    // A sells whole units (10 or 15, + 0..2); B fractions of a unit (0.2 or 0.3, + 0..2)
    const mixed: SeriesSelection = {
      asOf: '2024-04-29',
      series: [sku('A', weekly(120, 10)), sku('B', weekly(120, 0.2))],
      skipped: [],
    };
    const run = await runForecast(mixed, { horizon: 14, seed: 1 });
    const [a, b] = run.forecasts;
    const bandA = a.result.forecast.intervals[80];
    a.dates.forEach((_, i) => {
      expect(a.p10[i]).toBe(countQuantile(Math.max(0, bandA.lower[i])));
      expect(a.p90[i]).toBe(countQuantile(Math.max(0, bandA.upper[i])));
    });
    expect(a.p90.every(Number.isInteger)).toBe(true);
    expect(a.mean.some((m) => !Number.isInteger(m))).toBe(true); // the mean stays the expectation
    const bandB = b.result.forecast.intervals[80];
    b.dates.forEach((_, i) => expect(b.p90[i]).toBeCloseTo(Math.max(0, bandB.upper[i]), 9));
    expect(b.p90.some((v) => !Number.isInteger(v))).toBe(true);
    // the category's band: continuous while one of its SKUs is not sold in whole units, whole when all are
    expect(run.aggregates[0].p90.some((v) => !Number.isInteger(v))).toBe(true);
    const whole = await runForecast(
      { ...mixed, series: [mixed.series[0], sku('C', weekly(120, 4))] },
      { horizon: 14, seed: 1 },
    );
    for (const aggregate of whole.aggregates) {
      expect(aggregate.p10.every(Number.isInteger)).toBe(true);
      expect(aggregate.p90.every(Number.isInteger)).toBe(true);
    }
  }, 60_000);

  it("runs a SKU down toward its planned end of sale as the panel's ended SKUs did", async () => {
    const series = [sku('A', weekly(120, 10)), sku('B', weekly(120, 10), '2024-06-08')];
    const plain: SeriesSelection = { asOf: '2024-04-29', series, skipped: [] };
    // the ended SKUs sold half as much over their last 14 days, 0.75 over the 14 before
    const runDown = learnRunDown(
      Array.from({ length: 20 }, () => ({
        y: Array.from({ length: 300 }, (_, i) => (300 - i <= 14 ? 5 : 300 - i <= 28 ? 7.5 : 10)),
      })),
    )!;
    const [before, after] = await Promise.all([
      runForecast(plain, { horizon: 45, seed: 1 }),
      runForecast({ ...plain, runDown }, { horizon: 45, seed: 1 }),
    ]);
    const factors = runDownFactors(runDown, 40, 45); // 2024-06-08 is 40 days after 2024-04-29
    expect(factors[0]).toBe(1);
    expect(factors[38]).toBeLessThan(0.7);
    after.forecasts[1].mean.forEach((m, k) =>
      expect(m).toBeCloseTo(before.forecasts[1].mean[k] * factors[k], 6),
    );
    expect(after.forecasts[0].mean).toEqual(before.forecasts[0].mean); // no end of sale: untouched
    // a price that just rose: the SKU's factor multiplies its whole forecast
    const repriced = await runForecast(
      { ...plain, series: [{ ...series[0], priceFactor: 0.8 }, series[1]] },
      { horizon: 45, seed: 1 },
    );
    repriced.forecasts[0].mean.forEach((m, k) => expect(m).toBeCloseTo(0.8 * before.forecasts[0].mean[k], 6));
    // a SKU launched 40 days ago: the climb the panel's launches still made from that age on
    const launchRamp = { buckets: [0.3, 0.5, 0.7, 0.8, 0.9, 1, 1, 1, 1], skus: 10 };
    const launched = await runForecast(
      { ...plain, launchRamp, series: [{ ...series[0], launchAge: 40 }, series[1]] },
      { horizon: 45, seed: 1 },
    );
    // less the growth the forecast already has (none here: a flat weekly pattern)
    const ramp = rampBeyondForecast(
      launchRampFactors(launchRamp, 40, 45),
      before.forecasts[0].result.forecast.mean,
      recentLevel(series[0].series.y),
    );
    expect(ramp[44]).toBeGreaterThan(1.1);
    launched.forecasts[0].mean.forEach((m, k) =>
      expect(m).toBeCloseTo(ramp[k] * before.forecasts[0].mean[k], 6),
    );
    expect(launched.forecasts[1].mean).toEqual(before.forecasts[1].mean); // on sale before the data: untouched
    // the category and the total are the sums of the SKUs as written
    const total = after.aggregates.find((a) => a.level === 'total')!;
    total.mean.forEach((m, k) =>
      expect(m).toBeCloseTo(after.forecasts[0].mean[k] + after.forecasts[1].mean[k], 6),
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

describe('baselineForecasts: level × historical month / June ratio', () => {
  // 2023-06-01 → 2025-06-30. June 2023 2/day, July 2023 3/day, August 2023 4/day; June–August 2024 4/day;
  // June 2025 10/day; every other day 1.
  const start = Date.parse('2023-06-01T00:00:00Z') / 86_400_000;
  const days = Date.parse('2025-06-30T00:00:00Z') / 86_400_000 - start + 1;
  const y = Array.from({ length: days }, (_, i) => {
    const month = new Date((start + i) * 86_400_000).toISOString().slice(0, 7);
    return (
      { '2023-06': 2, '2023-07': 3, '2023-08': 4, '2024-06': 4, '2024-07': 4, '2024-08': 4, '2025-06': 10 }[
        month
      ] ?? 1
    );
  });
  const series = (disrupted?: [string, string]): SeriesSelection => {
    const s = sku('A', y);
    s.series.start = '2023-06-01';
    if (disrupted) {
      const index = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 - start;
      s.context = {
        seasonPeriod: 7,
        disruptions: [
          { kind: 'shutdown', window: { start: index(disrupted[0]), end: index(disrupted[1]) + 1 } },
        ],
      };
    }
    return { asOf: '2025-06-30', series: [s], skipped: [] };
  };

  it('pools every earlier year per calendar month of the horizon', () => {
    const b = baselineForecasts(series(), 62);
    const july = b.level_x_seasonal_ratio.filter((r) => r.date.startsWith('2025-07'));
    const august = b.level_x_seasonal_ratio.filter((r) => r.date.startsWith('2025-08'));
    expect(july).toHaveLength(31);
    // July: (3 + 4) / (2 + 4) per day; August: (4 + 4) / (2 + 4); June 2025 level 10.
    for (const r of july) expect(r.mean).toBeCloseTo((10 * 7) / 6);
    for (const r of august) expect(r.mean).toBeCloseTo((10 * 8) / 6);
    expect(b.naive_level.every((r) => r.mean === 10)).toBe(true);
    // Same weekday a year back: 2025-07-01 − 364 days = 2024-07-02 (4 units).
    expect(b.seasonal_naive[0]).toMatchObject({ date: '2025-07-01', mean: 4 });
  });

  it('leaves out a year whose month falls in a declared disruption', () => {
    const b = baselineForecasts(series(['2024-07-10', '2024-07-20']), 62);
    expect(b.level_x_seasonal_ratio[0].mean).toBeCloseTo((10 * 3) / 2); // July: 2023 alone
    expect(b.level_x_seasonal_ratio[40].mean).toBeCloseTo((10 * 8) / 6); // August: both years
  });
});
