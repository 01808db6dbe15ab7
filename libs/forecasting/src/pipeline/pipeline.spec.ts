import { normalRandom, seededRandom } from '../core/stats';
import { Series } from '../core/types';
import { forecastPanel, panelPriorOf } from './panel';
import { PANEL_PRIOR_MIN_SERIES } from '../ensemble/panel-prior';
import {
  DEFAULT_MEMBERS,
  defaultMembersFor,
  defaultRegistry,
  SHORT_DAILY_MEMBERS,
  SHORT_HISTORY_DAYS,
} from './registry';
import { engineOptionsFor, ensembleSpec, forecastSeries, SeriesJob } from './forecast-series';

/** Monthly series: level 200, trend, ±20 % seasonality, noise. */
function seasonalJob(seed: number, n = 60, id = `s${seed}`): SeriesJob {
  const z = normalRandom(seededRandom(seed));
  const y = Array.from(
    { length: n },
    (_, t) => (200 + 2 * t) * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 12)) + 8 * z(),
  );
  const series: Series = { id, freq: 'monthly', start: '2019-01-01', y };
  return { series, context: { seasonPeriod: 12 } };
}

/** Fast members keep these tests in seconds; auto-ETS and the rest are exercised by their own suites. */
const members = ['snaive', 'naive2', 'ses'];

describe('forecastSeries', () => {
  it('returns a forecast with intervals, weights summing to 1 and per-member backtest accuracy', () => {
    const result = forecastSeries(seasonalJob(1), { horizon: 6, members });
    expect(result.id).toBe('s1');
    expect(result.forecast.mean).toHaveLength(6);
    for (const level of [80, 95]) {
      const band = result.forecast.intervals[level];
      band.lower.forEach((lo, k) => expect(lo).toBeLessThanOrEqual(result.forecast.mean[k]));
      band.upper.forEach((hi, k) => expect(hi).toBeGreaterThanOrEqual(result.forecast.mean[k]));
    }
    expect(Object.values(result.weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    expect(result.backtest.map((b) => b.member)).toContain('ensemble');
    expect(result.backtest.every((b) => Number.isFinite(b.smape) && Number.isFinite(b.mase))).toBe(true);
    expect(result.fallbackReason).toBeUndefined();
    expect(result.seconds).toBeGreaterThan(0);
  });

  it('stores a model that the default registry restores to the same forecast', () => {
    const result = forecastSeries(seasonalJob(2), { horizon: 4, levels: [90], members });
    const restored = defaultRegistry().fromJSON(JSON.parse(JSON.stringify(result.model)));
    expect(restored.predict(4, [90])).toEqual(result.forecast);
  });

  it('forecasts through a shutdown: members see a repaired history, shutdown months are never scored', () => {
    const job = seasonalJob(4, 60);
    for (let t = 50; t < 53; t++) job.series.y[t] = 0;
    job.context.disruptions = [{ kind: 'shutdown', window: { start: 50, end: 53 } }];
    const result = forecastSeries(job, { horizon: 6, members });
    expect(result.fallbackReason).toBeUndefined();
    expect(Object.keys(result.weights).sort()).toEqual([...members].sort());
    // A zero month scored against a forecast of ~300 would give sMAPE 200 for that point.
    for (const row of result.backtest) expect(row.smape).toBeLessThan(25);
    expect(Math.min(...result.forecast.mean)).toBeGreaterThan(150);
  });

  it('falls back to naive on a series too short for every member, and says why', () => {
    const job: SeriesJob = {
      series: { id: 'new-sku', freq: 'monthly', start: '2024-01-01', y: [5, 7] },
      context: { seasonPeriod: 12 },
    };
    const result = forecastSeries(job, { horizon: 2, members: ['ets'] });
    expect(result.chosen).toBe('naive');
    expect(result.weights).toEqual({ naive: 1 });
    expect(result.fallbackReason).toMatch(/ets: needs 4 observations/);
    expect(result.forecast.mean).toEqual([7, 7]);
  });

  it('throws only for a series no model can fit, naming it', () => {
    const job: SeriesJob = {
      series: { id: 'empty-sku', freq: 'monthly', start: '2024-01-01', y: [NaN, NaN] },
      context: { seasonPeriod: 12 },
    };
    expect(() => forecastSeries(job, { horizon: 2 })).toThrow(/empty-sku/);
  });

  it('rejects invalid options with an error naming the option', () => {
    const job = seasonalJob(3);
    expect(() => forecastSeries(job, { horizon: 0 })).toThrow(
      /EngineOptions.horizon must be a positive integer/,
    );
    expect(() => forecastSeries(job, { horizon: 3, levels: [120] })).toThrow(/EngineOptions.levels: 120/);
    expect(() => forecastSeries(job, { horizon: 3, members: ['prophet'] })).toThrow(
      /EngineOptions.members: unknown model 'prophet'/,
    );
    expect(() => forecastSeries(job, { horizon: 3, backtest: { origins: 0 } })).toThrow(
      /EngineOptions.backtest.origins/,
    );
    expect(() => forecastSeries(job, { horizon: 3, prior: { statistical: -1, ml: 1, recovery: 0 } })).toThrow(
      /EngineOptions.prior/,
    );
    expect(() => ensembleSpec({ horizon: 3, members: ['ensemble'] })).toThrow(
      /'ensemble' cannot be a member/,
    );
  });
});

describe('forecastPanel', () => {
  const panel = [1, 2, 3, 4, 5].map((s) => seasonalJob(10 + s));

  it('runs every job, in job order, reporting progress', async () => {
    const progress: number[] = [];
    const results = await forecastPanel(panel, {
      horizon: 3,
      members,
      onProgress: (done) => progress.push(done),
    });
    expect(results.map((r) => r.id)).toEqual(panel.map((j) => j.series.id));
    expect(progress).toEqual([1, 2, 3, 4, 5]);
  });

  it('validates the options before running anything', async () => {
    await expect(forecastPanel(panel, { horizon: -1 })).rejects.toThrow(/EngineOptions.horizon/);
  });

  describe('the member prior from the panel', () => {
    /** A season that repeats exactly (a little noise): the seasonal naive is right, the others are not. */
    function repeatingJob(seed: number): SeriesJob {
      const z = normalRandom(seededRandom(seed));
      const shape = Array.from(
        { length: 12 },
        (_, m) => 100 + 60 * Math.sin((2 * Math.PI * m) / 12) + 5 * z(),
      );
      const y = Array.from({ length: 60 }, (_, t) => shape[t % 12] + 0.5 * z());
      return {
        series: { id: `r${seed}`, freq: 'monthly', start: '2019-01-01', y },
        context: { seasonPeriod: 12 },
      };
    }
    const big = Array.from({ length: PANEL_PRIOR_MIN_SERIES }, (_, i) => repeatingJob(100 + i));

    it('learns from the pooled backtests which member the panel favours', async () => {
      const stages: string[] = [];
      const { weights: prior, points } = (await panelPriorOf(big, { horizon: 6, members }, undefined, (m) =>
        stages.push(m),
      ))!;
      expect(points).toBeGreaterThan(0);
      expect(Object.keys(prior).sort()).toEqual([...members].sort());
      expect(Object.values(prior).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(prior.snaive).toBeGreaterThan(0.8);
      expect(stages.join('\n')).toMatch(/member prior \(stacking on \d+ backtest points\): naive2/);
    });

    it('moves each series toward it: the seasonal naive weighs more in the panel than alone', async () => {
      const told: number[] = [];
      const [inPanel] = await forecastPanel(big, {
        horizon: 6,
        members,
        onMemberPrior: (p) => told.push(p.weights.snaive),
      });
      expect(told).toHaveLength(1);
      expect(told[0]).toBeGreaterThan(0.8);
      const alone = forecastSeries(big[0], { horizon: 6, members });
      expect(inPanel.weights.snaive).toBeGreaterThan(alone.weights.snaive + 0.05);
    });

    it('is not fitted on small panels, daily panels, or when the caller gives one', async () => {
      expect(await panelPriorOf(big.slice(1), { horizon: 6, members })).toBeUndefined();
      const daily = big.map((j) => ({ ...j, series: { ...j.series, freq: 'daily' as const } }));
      expect(await panelPriorOf(daily, { horizon: 6, members })).toBeUndefined();
      const given = await forecastPanel(big.slice(0, 1), { horizon: 6, members, memberPrior: { naive2: 1 } });
      const alone = forecastSeries(big[0], { horizon: 6, members });
      expect(given[0].weights.naive2).toBeGreaterThan(alone.weights.naive2);
    });
  });
});

describe('default members by frequency', () => {
  it('gives daily SKUs fast members that know the yearly season and sparse demand; others keep the full set', () => {
    expect(defaultMembersFor('daily')).toEqual([
      'seasonal_ratio',
      'tsb',
      'ets',
      'theta',
      'recovery',
      'global_gbm',
    ]);
    // the one-day and one-week anchors, the slow tree models and the superseded yearly_ratio: by name only
    for (const m of ['naive2', 'snaive', 'xgboost', 'random_forest', 'yearly_ratio']) {
      expect(defaultMembersFor('daily')).not.toContain(m);
      expect(defaultRegistry().has(m)).toBe(true);
    }
    expect(defaultMembersFor('monthly')).toEqual(DEFAULT_MEMBERS);
    expect(defaultMembersFor('weekly')).toEqual(DEFAULT_MEMBERS);
  });

  it('weighs daily members on weekly totals, others step by step, unless told otherwise', () => {
    expect(engineOptionsFor('daily', { horizon: 62 })).toMatchObject({
      scoreBlock: 7,
      members: [...defaultMembersFor('daily')],
    });
    expect(engineOptionsFor('monthly', { horizon: 18 }).scoreBlock).toBe(1);
    // a launch (fewer than SHORT_HISTORY_DAYS days of demand) gets a level and an intermittent rate only
    expect(engineOptionsFor('daily', { horizon: 62 }, SHORT_HISTORY_DAYS - 1).members).toEqual([
      ...SHORT_DAILY_MEMBERS,
    ]);
    expect(engineOptionsFor('monthly', { horizon: 18 }, 20).members).toEqual([...DEFAULT_MEMBERS]);
    expect(engineOptionsFor('daily', { horizon: 62, scoreBlock: 1, members: ['ses'] })).toMatchObject({
      scoreBlock: 1,
      members: ['ses'],
    });
    expect(() => forecastSeries(seasonalJob(3), { horizon: 6, members, scoreBlock: 0 })).toThrow(
      /EngineOptions.scoreBlock/,
    );
  });

  it('weighs yearly_ratio up on a daily series with a yearly season the weekly members cannot see', () => {
    // 2022 → 2025-06-30, demand 40 % higher at the end of August than at the end of February, a weekly
    // pattern, noise, and a shutdown from mid-November to early January at the end
    const start = '2022-01-01';
    const n = 3 * 365 + 181;
    const rnd = seededRandom(11);
    const doy = (t: number) => t % 365.25;
    const y = Array.from(
      { length: n },
      (_, t) =>
        30 *
        (1 + 0.2 * Math.sin((2 * Math.PI * (doy(t) - 150)) / 365.25)) *
        (t % 7 === 2 ? 1.3 : 1) *
        (0.85 + 0.3 * rnd()),
    );
    const shutdown = { start: n - 227, end: n - 176 };
    for (let t = shutdown.start; t < shutdown.end; t++) y[t] = 0;
    const series: Series = { id: 'yearly', freq: 'daily', start, y };
    const context = { seasonPeriod: 7, disruptions: [{ kind: 'shutdown' as const, window: shutdown }] };
    const result = forecastSeries(
      { series, context },
      { horizon: 62, levels: [80], members: ['ets', 'theta', 'yearly_ratio'] },
    );
    expect(result.weights.yearly_ratio).toBeGreaterThan(Math.max(result.weights.ets, result.weights.theta));
    // July above June, as every earlier year said
    const june = y.slice(n - 30).reduce((a, b) => a + b, 0) / 30;
    const july = result.forecast.mean.slice(0, 31).reduce((a, b) => a + b, 0) / 31;
    expect(july / june).toBeGreaterThan(1.04);
  }, 120_000);

  it('fits a daily series without them when no members are named', () => {
    const z = normalRandom(seededRandom(4));
    const y = Array.from({ length: 120 }, (_, t) => Math.max(0, 20 + (t % 7 >= 5 ? 8 : 0) + 3 * z()));
    const series: Series = { id: 'd', freq: 'daily', start: '2025-01-01', y };
    const result = forecastSeries({ series, context: { seasonPeriod: 7 } }, { horizon: 7, levels: [80] });
    const used = result.backtest.map((b) => b.member);
    expect(used).not.toContain('snaive');
    expect(used).not.toContain('naive2');
    expect(used).toContain('ets');
  }, 60_000);
});
