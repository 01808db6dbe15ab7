import { BenchmarkReport, scoreTables } from './benchmark';
import { BenchDataset, EvalTask } from './datasets/types';
import { toJson, toText } from './table';

const task = (seriesId: string, origin: string, actual: number[]): EvalTask => ({
  id: `${seriesId}@${origin}`,
  seriesId,
  series: { id: `${seriesId}@${origin}`, freq: 'monthly', start: '2020-01-01', y: [1, 2, 3] },
  context: { seasonPeriod: 1 },
  actual,
  scaleHistory: [1, 2, 3],
});

const dataset: BenchDataset = {
  name: 'toy',
  freq: 'monthly',
  seasonPeriod: 1,
  horizon: 1,
  split: 'toy split',
  tasks: [task('x', '2020-03', [4]), task('y', '2020-03', [8])],
  excluded: [],
  subsets: [{ name: 'shut-down', rule: 'toy rule', seriesIds: ['y'] }],
  footnotes: ['a footnote'],
};

const perfect = new Map([
  ['x@2020-03', { mean: [4], lower: [3], upper: [5], seconds: 0.5 }],
  ['y@2020-03', { mean: [8], lower: [7], upper: [9], seconds: 0.5 }],
]);
const report: BenchmarkReport = {
  dataset,
  tables: scoreTables(dataset, [
    {
      method: 'M3 THETA',
      kind: 'reference',
      forecasts: new Map([
        ['x@2020-03', { mean: [4] }],
        ['y@2020-03', { mean: [4] }],
      ]),
    },
    {
      method: 'naive',
      kind: 'baseline',
      forecasts: new Map([
        ['x@2020-03', { mean: [3] }],
        ['y@2020-03', { mean: [3] }],
      ]),
    },
    { method: 'salescast', kind: 'ours', forecasts: perfect },
  ]),
  notes: ['a note'],
};

describe('benchmark output', () => {
  it('prints one JSON document with exactly dataset and rows, rows with exactly the eight fields', () => {
    const json = JSON.parse(JSON.stringify(toJson(report)));
    expect(Object.keys(json)).toEqual(['dataset', 'rows']);
    expect(json.dataset).toBe('toy');
    for (const row of json.rows)
      expect(Object.keys(row).sort()).toEqual([
        'coverage80',
        'kind',
        'mase',
        'method',
        'msis80',
        'seconds_per_series',
        'smape',
        'wape',
      ]);
    expect(json.rows.map((r: { kind: string }) => r.kind)).toEqual([
      'ours',
      'baseline',
      'reference',
      'ours',
      'baseline',
      'reference',
    ]);
  });

  it('uses null, never NaN, where a figure does not apply, and names subset rows by their subset', () => {
    const rows = toJson(report).rows;
    const theta = rows.find((r) => r.method === 'M3 THETA')!;
    expect(theta.coverage80).toBeNull();
    expect(theta.seconds_per_series).toBeNull();
    expect(rows.find((r) => r.method === 'salescast')).toMatchObject({
      smape: 0,
      coverage80: 1,
      seconds_per_series: 0.5,
    });
    // The subset holds only series y, where THETA said 4 for 8.
    expect(rows.find((r) => r.method === 'M3 THETA [shut-down]')!.smape).toBeCloseTo((200 * 4) / 12, 10);
  });

  it('prints a table per subset with the notes under them', () => {
    const text = toText(report);
    expect(text).toMatch(/^toy: 2 series, 2 forecasts of h = 1/);
    expect(text).toContain('toy [shut-down]: 1 series, 1 forecasts of h = 1');
    expect(text).toContain('- a note');
    expect(text.indexOf('salescast')).toBeLessThan(text.indexOf('M3 THETA'));
  });
});
