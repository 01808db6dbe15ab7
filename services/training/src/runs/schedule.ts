import { CronJob } from 'cron';

/**
 * Arms the training schedule (`TRAINING_CRON`, UTC; `off` arms nothing): each tick asks for a run over
 * every SKU with the reason `schedule <cron>` (the runner skips the tick while the last scheduled run is
 * still going). Plain TypeScript so it is tested with a fake clock.
 */
/** How a scheduled run's reason starts (`schedule <cron>`): the runner and the runs table recognise it by it. */
export const SCHEDULE_REASON = 'schedule';

export function armTrainingSchedule(cron: string, start: (reason: string) => unknown): CronJob | undefined {
  if (cron === 'off') return undefined;
  return CronJob.from({
    cronTime: cron,
    timeZone: 'UTC',
    start: true,
    onTick: () => void start(`${SCHEDULE_REASON} ${cron}`),
  });
}
