import { armTrainingSchedule } from './schedule';

describe('the weekly training schedule (fake clock)', () => {
  afterEach(() => jest.useRealTimers());

  it('starts a run over every SKU each Monday at 03:00 UTC, and only then', async () => {
    jest.useFakeTimers({ now: new Date('2025-01-05T12:00:00Z') }); // a Sunday
    const start = jest.fn();
    const job = armTrainingSchedule('0 3 * * 1', start)!;

    await jest.advanceTimersByTimeAsync(15 * 3600_000 - 1000); // Monday 02:59:59
    expect(start).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(2000); // Monday 03:00:01
    expect(start).toHaveBeenCalledTimes(1);
    expect(start).toHaveBeenLastCalledWith('schedule 0 3 * * 1');

    await jest.advanceTimersByTimeAsync(7 * 24 * 3600_000 - 5000); // just before the next Monday
    expect(start).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(start).toHaveBeenCalledTimes(2);
    await job.stop();
  });

  it('arms nothing when the schedule is off', () => {
    const start = jest.fn();
    expect(armTrainingSchedule('off', start)).toBeUndefined();
  });
});
