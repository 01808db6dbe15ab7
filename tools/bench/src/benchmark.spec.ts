import { runBenchmark, scoreTables } from './benchmark';
import { BenchDataset, EvalTask } from './datasets/types';
import { toJson } from './table';

const seasonal = (n: number, phase: number) =>
  Array.from({ length: n }, (_, t) => 100 + t + 20 * Math.sin((2 * Math.PI * (t + phase)) / 12));

const task = (id: string, phase: number): EvalTask => {
  const y = seasonal(52, phase);
  return {
    id,
    seriesId: id,
    series: { id, freq: 'monthly', start: '2018-01-01', y: y.slice(0, 48) },
    context: { seasonPeriod: 12, maxHorizon: 4 },
    actual: y.slice(48),
    scaleHistory: y.slice(0, 48),
  };
};

const dataset: BenchDataset = {
  name: 'toy',
  freq: 'monthly',
  seasonPeriod: 12,
  horizon: 4,
  split: 'toy',
  tasks: [task('a', 0), task('b', 3)],
  excluded: [],
  subsets: [],
  footnotes: [],
};

// Inline fits of every member on a shared 2-core machine can take more than jest's default 5 s.
jest.setTimeout(60_000);

/** The benchmark on the fixture data set with these members, inline (no worker threads), without R. */
const runInline = (members: string[]) =>
  runBenchmark(dataset, {
    datasetsRoot: '/nonexistent',
    members,
    r: false,
    rProcesses: 1,
    workers: 0,
    seed: 1,
  });

describe('runBenchmark', () => {
  it('scores ours, each member and the four baselines on every task, inline and without R', async () => {
    const report = await runInline(['ets', 'snaive']);
    const rows = toJson(report).rows;
    expect(rows.map((r) => [r.method, r.kind])).toEqual(
      expect.arrayContaining([
        ['salescast', 'ours'],
        ['ets', 'member'],
        ['naive', 'baseline'],
        ['snaive', 'baseline'],
        ['naive2', 'baseline'],
        ['seasonal_ratio_naive', 'baseline'],
      ]),
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row.smape).toEqual(expect.any(Number));
      // The seasonal-ratio naive gives no interval.
      if (row.method !== 'seasonal_ratio_naive') expect(row.coverage80).toEqual(expect.any(Number));
    }
    // A smooth seasonal series: seasonal naive is off only by the trend, plain naive by the season too.
    const smape = (m: string) => rows.find((r) => r.method === m)!.smape!;
    expect(smape('snaive')).toBeLessThan(smape('naive'));
    // …and the last level × the season's past ratios carries the season without the year-old level.
    expect(smape('seasonal_ratio_naive')).toBeLessThan(smape('naive'));
    expect(report.notes.some((n) => n.startsWith('statsforecast peer rows: skipped'))).toBe(true);
    expect(report.notes).toContain('R references: skipped (--no-r).');
  });

  it('shows no figures for a member that applies to no task, and says why', async () => {
    const report = await runInline(['snaive', 'recovery']);
    const recovery = report.tables[0].methods.find((m) => m.row.method === 'recovery')!;
    expect(recovery.row).toMatchObject({ smape: null, mase: null, wape: null, coverage80: null });
    expect(recovery.note).toBe('not applicable (no disruption declared)');
  });
});

describe('scoreTables', () => {
  it('scores an origin subset on the forecasts made at that origin only', () => {
    const at = (origin: string, actual: number): EvalTask => ({
      ...task(`a@${origin}`, 0),
      seriesId: 'a',
      actual: [actual],
      scaleHistory: [1, 2],
    });
    const tasks = [at('2020-01', 10), at('2020-02', 20)];
    const forecasts = new Map(tasks.map((t) => [t.id, { mean: [10] }]));
    const tables = scoreTables(
      {
        ...dataset,
        tasks,
        seasonPeriod: 1,
        subsets: [{ name: 'origin 2020-02', rule: 'r', seriesIds: ['a'], origin: '2020-02' }],
      },
      [{ method: 'ten', kind: 'baseline', forecasts }],
    );
    expect(tables.map((t) => [t.title, t.tasks])).toEqual([
      ['toy', 2],
      ['toy [origin 2020-02]', 1],
    ]);
    // MAE 5 over both origins, 10 at 2020-02 alone; the scale (|2 − 1|) is 1.
    expect(tables.map((t) => t.methods[0].row.mase)).toEqual([5, 10]);
  });

  it("counts a member's not-applicable and failed tasks per table, not over the whole run", () => {
    const at = (origin: string): EvalTask => ({ ...task(`a@${origin}`, 0), seriesId: 'a', actual: [10] });
    const tasks = [at('2020-01'), at('2020-02'), at('2020-03')];
    const subsets = ['2020-01', '2020-02', '2020-03'].map((o) => ({
      name: `origin ${o}`,
      rule: 'r',
      seriesIds: ['a'],
      origin: o,
    }));
    // not applicable at 2020-01 (no event known yet), failed at 2020-02, fitted at 2020-03
    const forecasts = new Map([
      ['a@2020-02', { mean: [10], error: 'boom' }],
      ['a@2020-03', { mean: [10] }],
    ]);
    const tables = scoreTables({ ...dataset, tasks, seasonPeriod: 1, subsets }, [
      {
        method: 'recovery',
        kind: 'member',
        forecasts,
        notApplicableIds: new Set(['a@2020-01']),
        notApplicableReason: 'no disruption declared',
        failedIds: new Set(['a@2020-02']),
      },
    ]);
    const notes = tables.map((t) => t.methods[0].note);
    expect(notes[0]).toContain('1 could not fit');
    expect(notes[0]).toContain('1 not applicable (no disruption declared)');
    expect(notes[1]).toBe('not applicable (no disruption declared)');
    expect(tables[1].methods[0].row.mase).toBeNull();
    expect(notes[2]).toContain('1 could not fit');
    expect(notes[2]).not.toContain('not applicable');
    expect(notes[3]).toBeUndefined();
    expect(tables[3].methods[0].row.mase).toEqual(expect.any(Number));
  });
});
