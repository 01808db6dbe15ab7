import { EvalTask } from '../datasets/types';
import { MethodForecasts } from './forecasts';
import { scoreMethod } from './score';

const task = (id: string, y: number[], actual: number[]): EvalTask => ({
  id,
  seriesId: id,
  series: { id, freq: 'monthly', start: '2020-01-01', y },
  context: { seasonPeriod: 1 },
  actual,
  scaleHistory: y,
});

describe('scoreMethod', () => {
  const tasks = [task('a', [1, 2, 3], [10, 10]), task('b', [100, 110, 120], [100, 300])];

  it('averages sMAPE and MASE over tasks and pools WAPE and coverage over every step', () => {
    const forecasts: MethodForecasts = new Map([
      ['a', { mean: [10, 10], lower: [9, 9], upper: [11, 11], seconds: 1 }],
      ['b', { mean: [100, 100], lower: [90, 90], upper: [110, 110], seconds: 3 }],
    ]);
    const { row, fellBack } = scoreMethod('m', 'member', tasks, forecasts, 1);
    // b: sMAPE per step 0 and 200·200/400 = 100 → 50; a: 0 → mean 25.
    expect(row.smape).toBeCloseTo(25, 10);
    // b: MAE 100 over an in-sample naive MAE of 10 → 10; a: 0 → mean 5.
    expect(row.mase).toBeCloseTo(5, 10);
    // pooled: Σ|e| = 200 over Σ|y| = 420.
    expect(row.wape).toBeCloseTo((100 * 200) / 420, 10);
    expect(row.coverage80).toBeCloseTo(3 / 4, 10);
    // a: band [9, 11] holds both → width 2 over scale 1 → 2; b: width 20, and 300 lies 190 above the band:
    // (20 + 20 + 10·190) / 2 = 970 over scale 10 → 97; mean 49.5.
    expect(row.msis80).toBeCloseTo((2 + 97) / 2, 10);
    expect(row.seconds_per_series).toBe(2);
    expect(fellBack).toBe(0);
  });

  it('scores a missing or non-finite forecast as naive, counts it, and gives null where nothing applies', () => {
    const forecasts: MethodForecasts = new Map([['a', { mean: [NaN, 10] }]]);
    const scored = scoreMethod('m', 'reference', tasks, forecasts, 1);
    expect(scored.fellBack).toBe(2);
    // naive forecasts: a → 3, b → 120.
    const naive = scoreMethod(
      'naive',
      'baseline',
      tasks,
      new Map([
        ['a', { mean: [3, 3] }],
        ['b', { mean: [120, 120] }],
      ]),
      1,
    );
    expect(scored.row.smape).toBeCloseTo(naive.row.smape!, 10);
    expect(scored.row.coverage80).toBeNull();
    expect(scored.row.msis80).toBeNull();
    expect(scored.row.seconds_per_series).toBeNull();
  });

  it('leaves a task with an undefined MASE scale out of the MASE mean and counts it', () => {
    const flat = [task('flat', [5, 5, 5], [6, 6]), task('b', [100, 110, 120], [100, 300])];
    const forecasts: MethodForecasts = new Map([
      ['flat', { mean: [5, 5] }],
      ['b', { mean: [100, 100] }],
    ]);
    const scored = scoreMethod('m', 'member', flat, forecasts, 1);
    expect(scored.maseUndefined).toBe(1);
    expect(scored.row.mase).toBeCloseTo(10, 10);
  });
});
