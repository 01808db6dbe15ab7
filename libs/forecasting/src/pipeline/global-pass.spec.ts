import { addPeriods } from '../core/calendar';
import { FitContext, Series } from '../core/types';
import { GLOBAL_MIN_SERIES, GLOBAL_MODEL, globalGbmModel } from '../models/ml/global-model';
import { fitGlobalForecasts, GlobalEntry } from './global-pass';
import { engineWorkerPool, fitPanelGlobalModel, forecastPanel } from './panel';
import { loadEngine } from './registry';

beforeAll(() => loadEngine());

/** Deterministic noise in [-1, 1). */
const noise = (i: number) => ((Math.sin(i * 12.9898) * 43758.5453) % 1) * 2 - 1;

/** A SKU selling `level` a day, twice that in July and August, from `start` for `days` days. */
function skuOf(id: string, start: string, days: number, level: number, seed: number): Series {
  const y = Array.from({ length: days }, (_, t) => {
    const month = Number(addPeriods(start, 'daily', t).slice(5, 7));
    const season = month === 7 || month === 8 ? 2 : 1;
    return Math.max(0, Math.round(level * season * (1 + 0.2 * noise(t + 1000 * seed))));
  });
  return { id, freq: 'daily', start, y };
}

const context: FitContext = { seasonPeriod: 7 };
const END = '2025-06-30';
const START = '2022-01-01';
const LENGTH = 1 + (Date.parse(END) - Date.parse(START)) / 86_400_000;

function panel(): GlobalEntry[] {
  return Array.from({ length: GLOBAL_MIN_SERIES }, (_, i) => ({
    series: skuOf(`sku${i}`, START, LENGTH, 5 + 2 * i, i),
    context,
    group: 'garden',
  }));
}

describe('fitGlobalForecasts', () => {
  const horizon = 62;

  it('gives every SKU a path per backtest origin and one from its end, each `horizon` days, finite and ≥ 0', () => {
    const { forecasts, report } = fitGlobalForecasts(panel(), { horizon, seed: 1 });
    expect(report.origins).toEqual(['2024-12-27', '2025-02-27', '2025-04-30', '2025-07-01']);
    expect(report.boosters).toBe(4 * 3); // 4 origins × 3 horizon buckets (1–7, 8–21, 22–62)
    for (const f of forecasts) {
      expect(Object.keys(f!).sort()).toEqual(report.origins);
      for (const path of Object.values(f!)) {
        expect(path).toHaveLength(horizon);
        expect(path.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      }
    }
  });

  it('does not see past a backtest origin: changing the data after it leaves that path unchanged', () => {
    const entries = panel();
    const before = fitGlobalForecasts(entries, { horizon, seed: 1 }).forecasts;
    const cut = LENGTH - horizon; // the last backtest origin's index (2025-04-30 is its first forecast day)
    const changed = entries.map((e) => ({
      ...e,
      series: { ...e.series, y: e.series.y.map((v, t) => (t >= cut ? v * 3 + 7 : v)) },
    }));
    const after = fitGlobalForecasts(changed, { horizon, seed: 1 }).forecasts;
    expect(after[4]!['2025-04-30']).toEqual(before[4]!['2025-04-30']);
    // …while the forecast from the end, which sees the change, moves
    expect(after[4]!['2025-07-01']).not.toEqual(before[4]!['2025-07-01']);
  });

  it("lends a SKU launched in March its category's summer, which its own history has never shown", () => {
    const launch = '2025-03-01';
    const days = 1 + (Date.parse(END) - Date.parse(launch)) / 86_400_000;
    const entries = [...panel(), { series: skuOf('new', launch, days, 20, 99), context, group: 'garden' }];
    const { forecasts } = fitGlobalForecasts(entries, { horizon, seed: 1 });
    const path = forecasts[entries.length - 1]!['2025-07-01'];
    const june = entries[entries.length - 1].series.y.slice(-30).reduce((a, b) => a + b, 0) / 30;
    const july = path.slice(0, 31).reduce((a, b) => a + b, 0) / 31;
    // the category doubles in July; a level model would stay at June's 20 a day
    expect(july / june).toBeGreaterThan(1.5);
    expect(july / june).toBeLessThan(2.5);
  });

  it('learns from a SKU with days of net returns (negative sales) without failing the Tweedie loss', () => {
    const entries = panel();
    const y = entries[3].series.y.map((v, t) => (t % 50 === 7 ? -4 : v));
    entries[3] = { ...entries[3], series: { ...entries[3].series, y } };
    const { forecasts, report } = fitGlobalForecasts(entries, { horizon, seed: 1 });
    expect(report.boosters).toBe(4 * 3);
    // a Tweedie model forecasts a positive mean: the negative days were learnt as 0, not dropped or failed on
    for (const path of Object.values(forecasts[3]!))
      expect(path.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it(`pools nothing below ${GLOBAL_MIN_SERIES} daily series`, () => {
    const { forecasts, report } = fitGlobalForecasts(panel().slice(0, GLOBAL_MIN_SERIES - 1), { horizon });
    expect(report.boosters).toBe(0);
    expect(forecasts.every((f) => f === undefined)).toBe(true);
  });
});

describe('the global_gbm member', () => {
  it('refuses a series the panel did not forecast, naming why', () => {
    const series = skuOf('alone', START, LENGTH, 10, 1);
    expect(() => globalGbmModel.fit(series, context)).toThrow(/no global forecast from 2025-07-01/);
  });

  it('is fitted by forecastPanel and weighed by the backtests like any member', async () => {
    const results = await forecastPanel(
      panel().map(({ series, context }) => ({ series, context })),
      { horizon: 62, members: ['ets', GLOBAL_MODEL], seed: 1 },
    );
    for (const r of results) {
      expect(r.backtest.map((b) => b.member)).toContain(GLOBAL_MODEL);
      expect(r.forecast.mean).toHaveLength(62);
    }
    // on a panel whose summer doubles, the pooled model earns weight over a local level-and-trend model
    const mean = results.reduce((a, r) => a + (r.weights[GLOBAL_MODEL] ?? 0), 0) / results.length;
    expect(mean).toBeGreaterThan(0.5);
  });
});

describe('fitPanelGlobalModel (the training service fits the panel first, then the SKUs in batches)', () => {
  // snaive keeps these fits cheap: what is checked is the global model's paths and how they reach the batches
  const options = { horizon: 62, members: ['snaive', GLOBAL_MODEL], seed: 1 };

  // two global fits: under a loaded CI machine this takes a minute or two
  it('fitted on a worker thread, then batches of 4 SKUs forecast exactly what the whole panel does', async () => {
    const entries = panel();
    const jobs = entries.map(({ series, context }) => ({ series, context }));
    const groups = entries.map((e) => e.group);
    const pool = engineWorkerPool(2); // the parts (one per origin) run side by side
    let pooled;
    try {
      pooled = await fitPanelGlobalModel(jobs, { ...options, executor: pool, groups });
    } finally {
      await pool.close();
    }
    expect(pooled.report.boosters).toBeGreaterThan(0);
    const whole = await forecastPanel(jobs, { ...options, groups });
    const batched = [];
    for (let i = 0; i < jobs.length; i += 4) {
      const batch = jobs
        .slice(i, i + 4)
        .map((j, k) => ({ ...j, context: { ...j.context, globalForecasts: pooled.forecasts[i + k] } }));
      batched.push(...(await forecastPanel(batch, { ...options, globalModel: false })));
    }
    // the global member carries weight, so equal forecasts mean equal global paths reached every batch
    expect(batched.every((r) => (r.weights[GLOBAL_MODEL] ?? 0) > 0)).toBe(true);
    expect(batched.map((r) => r.forecast.mean)).toEqual(whole.map((r) => r.forecast.mean));
  }, 240_000);

  it('fits a monthly panel in parts on two threads, to exactly the paths of one fit inline', async () => {
    // 30 monthly series of 130 months: windows at the oldest backtest cut too, so both booster cuts are fitted
    const jobs = Array.from({ length: 30 }, (_, i) => ({
      series: {
        id: `m${i}`,
        freq: 'monthly' as const,
        start: '2010-01-01',
        y: Array.from(
          { length: 130 },
          (_, t) => (50 + 3 * i) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + t + 5 * noise(t + 97 * i),
        ),
      },
      context: { seasonPeriod: 12 },
    }));
    const monthly = { horizon: 18, seed: 2 };
    const pool = engineWorkerPool(2);
    let pooled;
    try {
      pooled = await fitPanelGlobalModel(jobs, { ...monthly, executor: pool });
    } finally {
      await pool.close();
    }
    const inline = fitGlobalForecasts(jobs, monthly);
    expect(pooled.report.monthlyBoosters).toBe(2 * 18);
    // every series has the linear and the boosted path from each backtest origin and from its end
    expect(Object.keys(pooled.forecasts[0]!)).toHaveLength(2 * 4);
    expect(pooled.forecasts).toEqual(inline.forecasts);
  }, 120_000);

  it('is a no-op without global_gbm among the members', async () => {
    const jobs = panel().map(({ series, context }) => ({ series, context }));
    const { forecasts, report } = await fitPanelGlobalModel(jobs, { horizon: 62, members: ['ets'] });
    expect(report.boosters).toBe(0);
    expect(forecasts.every((f) => f === undefined)).toBe(true);
  });
});
