import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { events } from '@salescast/contracts';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { BatchTrainer } from './batch-trainer.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a job cannot be fitted (→ DLQ), or undefined. */
export function trainingJobProblem(j: events.TrainingJobRequested): string | undefined {
  if (!UUID.test(j.runId)) return `run_id: want a UUID (got '${j.runId}')`;
  if (j.skus.length === 0 || j.skus.some((s) => !s.trim())) return 'skus: want at least one, none empty';
  if (j.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(j.asOf))
    return `as_of: want YYYY-MM-DD or empty (got '${j.asOf}')`;
  if (j.batchCount > 0 && j.batchIndex >= j.batchCount)
    return `batch_index: want < batch_count (${j.batchIndex} >= ${j.batchCount})`;
  return undefined;
}

/**
 * Consumes `training.jobs.v1` in the `training.jobs` group that every training replica joins: the
 * broker gives each replica its share of the partitions, so each batch is fitted by one replica. A
 * replica that dies mid-batch has not committed it: the batch goes to another replica, which skips
 * the SKUs already fitted.
 */
@Injectable()
export class TrainingJobsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly trainer: BatchTrainer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('training.jobs.v1', {
        groupId: 'training.jobs',
        validate: trainingJobProblem,
        handle: async (batch, ctx) => {
          for (const job of batch) await this.trainer.fit(job.value, () => void ctx?.heartbeat());
        },
      }),
    );
  }
}
