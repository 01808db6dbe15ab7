import { notDemandMask } from './events';

describe('notDemandMask', () => {
  it('marks the days of a shutdown and of a promotion, within the series', () => {
    const mask = notDemandMask(10, {
      disruptions: [{ kind: 'shutdown', window: { start: 1, end: 3 } }],
      promotions: [{ start: 6, end: 12 }],
    });
    expect(mask).toEqual([false, true, true, false, false, false, true, true, true, true]);
    expect(notDemandMask(3, {})).toEqual([false, false, false]);
  });
});
