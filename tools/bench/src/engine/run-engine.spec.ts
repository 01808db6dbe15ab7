import { EvalTask } from '../datasets/types';
import { originGroups } from './run-engine';

const task = (id: string): EvalTask => ({
  id,
  seriesId: id.split('@')[0],
  series: { id, freq: 'monthly', start: '2019-01-01', y: [1, 2, 3] },
  context: { seasonPeriod: 12 },
  actual: [4],
  scaleHistory: [1, 2, 3],
});

describe('originGroups', () => {
  it('puts each forecast origin of a rolling-origin data set in its own panel, in task order', () => {
    const tasks = ['a@2020-05', 'b@2020-05', 'a@2020-11', 'b@2020-11', 'c@2020-05'].map(task);
    expect(originGroups(tasks)).toEqual([
      [0, 1, 4],
      [2, 3],
    ]);
  });

  it('keeps a single-origin data set in one panel', () => {
    expect(originGroups(['N1', 'N2', 'N3'].map(task))).toEqual([[0, 1, 2]]);
  });
});
