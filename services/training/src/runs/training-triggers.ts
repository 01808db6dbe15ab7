import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { events } from '@salescast/contracts';
import {
  CONFIG,
  EVENT_CONSUMER,
  EventConsumerPort,
  IncomingEvent,
  LOGGER,
  topicSubscription,
} from '@salescast/platform';
import { CronJob } from 'cron';
import type { Logger } from 'pino';
import { TrainingConfig } from '../config';
import { armTrainingSchedule } from './schedule';
import { TrainingRunner } from './training-runner';

/**
 * What starts a run besides StartRun: the schedule (`TRAINING_CRON`, weekly by default) and
 * `training.requests.v1` (drift- or accuracy-triggered retraining from the alerting service).
 */
@Injectable()
export class TrainingTriggers implements OnApplicationBootstrap, OnModuleDestroy {
  private job?: CronJob;

  constructor(
    private readonly runner: TrainingRunner,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(CONFIG) private readonly config: TrainingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cron = this.config.TRAINING_CRON;
    this.job = armTrainingSchedule(cron, (reason) =>
      this.runner
        .startScheduled(reason)
        .catch((e: Error) => this.logger.error({ err: e.message, reason }, 'scheduled run could not start')),
    );
    if (this.job) this.logger.info({ cron, next: this.job.nextDate().toISO() }, 'training schedule armed');
    await this.consumer.subscribe(
      topicSubscription('training.requests.v1', {
        groupId: 'training.requests',
        handle: (batch) => this.onRequests(batch),
      }),
    );
  }

  async onRequests(batch: IncomingEvent<events.TrainingRequested>[]): Promise<void> {
    // one run for the batch: the union of requested SKUs, or all when any request asks for all
    const all = batch.some((e) => e.value.skus.length === 0);
    const skus = all ? [] : [...new Set(batch.flatMap((e) => e.value.skus))];
    const reasons = [
      ...new Set(batch.map((e) => `${e.value.reason}${e.value.detail ? `: ${e.value.detail}` : ''}`)),
    ];
    await this.runner.start(skus, `requested (${reasons.join('; ')})`.slice(0, 500));
  }

  onModuleDestroy(): void {
    void this.job?.stop();
  }
}
