import { CronJob } from 'cron';

/**
 * Arms the training schedule (`TRAINING_CRON`, UTC; `off` arms nothing): each tick asks for a run over
 * every SKU with the reason `schedule <cron>` (the runner skips the tick while the last scheduled run is
 * still going). Plain TypeScript so it is tested with a fake clock.
 */
export function armTrainingSchedule(cron: string, start: (reason: string) => unknown): CronJob | undefined {
  if (cron === 'off') return undefined;
  return CronJob.from({
    cronTime: cron,
    timeZone: 'UTC',
    start: true,
    onTick: () => void start(`schedule ${cron}`),
  });
}
