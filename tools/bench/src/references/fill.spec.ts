import { fillBySeason, tasksForReferences } from './fill';
import { EvalTask } from '../datasets/types';

describe('fillBySeason', () => {
  it('fills a gap with the value one season earlier, else later, else the nearest value', () => {
    expect(fillBySeason([1, 2, 3, NaN, 5, 6], 3)).toEqual([1, 2, 3, 1, 5, 6]);
    expect(fillBySeason([NaN, 2, 3, 4, 5, 6], 3)).toEqual([4, 2, 3, 4, 5, 6]);
    // Two seasons back when the season before is missing too.
    expect(fillBySeason([1, 2, NaN, 4, NaN], 2)).toEqual([1, 2, 1, 4, 1]);
    // No value in the phase at all: the last value before.
    expect(fillBySeason([7, NaN, 9], 2)).toEqual([7, 7, 9]);
    expect(fillBySeason([5, 0, 0, 5], 2)).toEqual([5, 0, 0, 5]);
  });
});

describe('tasksForReferences', () => {
  const task = (id: string, y: number[]): EvalTask => ({
    id,
    seriesId: id,
    series: { id, freq: 'daily', start: '2020-01-01', y },
    context: { seasonPeriod: 2 },
    actual: [1],
    scaleHistory: y,
  });

  it('fills only the tasks with gaps and counts them, leaving the others untouched', () => {
    const whole = task('a', [1, 2, 3]);
    const r = tasksForReferences([whole, task('b', [1, 2, NaN, NaN])], 2);
    expect(r.tasks[0]).toBe(whole);
    expect(r.tasks[1].series.y).toEqual([1, 2, 1, 2]);
    expect(r.tasks[1].scaleHistory[2]).toBeNaN();
    expect([r.filled, r.values]).toEqual([1, 2]);
  });
});
