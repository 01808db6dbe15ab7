import { BenchDataset, EvalTask } from './types';
import { everyKthSeries } from './subset';

function task(seriesId: string, origin: number): EvalTask {
  return {
    id: `${seriesId}@${origin}`,
    seriesId,
    series: { id: `${seriesId}@${origin}`, start: '2020-01-01', freq: 'month', y: [1, 2, 3] },
    context: { seasonPeriod: 12 },
    actual: [4],
    scaleHistory: [1, 2, 3],
  } as unknown as EvalTask;
}

const dataset: BenchDataset = {
  name: 'toy',
  freq: 'monthly',
  seasonPeriod: 12,
  horizon: 1,
  split: 'last month held out',
  // Five series, two origins each, interleaved as rolling-origin loaders emit them.
  tasks: ['a', 'b', 'c', 'd', 'e'].flatMap((s) => [task(s, 1), task(s, 2)]),
  excluded: [],
  subsets: [{ name: 'shut', rule: 'toy', seriesIds: ['b', 'c', 'e'] }],
  footnotes: [],
};

describe('everyKthSeries', () => {
  it('keeps the 1st, (k+1)-th, … series with every origin of each, and says so in the split', () => {
    const subset = everyKthSeries(dataset, 2);
    expect([...new Set(subset.tasks.map((t) => t.seriesId))]).toEqual(['a', 'c', 'e']);
    expect(subset.tasks).toHaveLength(6);
    expect(subset.subsets[0].seriesIds).toEqual(['c', 'e']);
    expect(subset.split).toBe('last month held out; every 2-th series only (3 of 5)');
  });

  it('is the identity for k = 1 and rejects anything but a positive integer', () => {
    expect(everyKthSeries(dataset, 1)).toBe(dataset);
    expect(() => everyKthSeries(dataset, 0)).toThrow(/positive integer/);
    expect(() => everyKthSeries(dataset, 1.5)).toThrow(/positive integer/);
  });
});
