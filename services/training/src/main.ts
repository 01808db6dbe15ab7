import { main } from '@salescast/platform';
import {
  BusinessContext1732500000006,
  SkuEndOfSale1732500000016,
} from './business-context/business-context.migration';
import { trainingConfigSchema } from './config';
import { JOB_PARTITIONS } from './runs/run-batches';
import { TrainingJobs1732500000010 } from './runs/training-jobs.migration';
import { Registry1732500000011 } from './registry/registry.migration';
import { PanelStage1732500000014 } from './runs/panel-stage.migration';
import {
  Reconciliation1732500000015,
  RunAdjustments1732500000017,
  RunPromotionPrior1732500000018,
} from './runs/reconciliation.migration';
import { Training1732500000002 } from './runs/training.migration';
import { TrainingController } from './training-api/training.controller';
import { TrainingModule } from './training.module';

/**
 * training: runs (StartRun, schedule, training.requests.v1) → SKU batches on training.jobs.v1, shared by
 * the replicas' consumer group → per-SKU fits through the engine seam → immutable model versions →
 * champion/challenger gate → `champion` alias → `models.promoted.v1`; Promote / Rollback by hand.
 */
main({
  name: 'training',
  configSchema: trainingConfigSchema,
  dbSchema: 'training',
  migrations: [
    Training1732500000002,
    BusinessContext1732500000006,
    TrainingJobs1732500000010,
    Registry1732500000011,
    PanelStage1732500000014,
    Reconciliation1732500000015,
    SkuEndOfSale1732500000016,
    RunAdjustments1732500000017,
    RunPromotionPrior1732500000018,
  ],
  outbox: true,
  topics: [
    'training.requests.v1',
    'training.jobs.v1',
    'models.promoted.v1',
    'erp.business-events.v1',
    'erp.skus.v1',
  ],
  topicPartitions: { 'training.jobs.v1': JOB_PARTITIONS },
  module: () => TrainingModule,
  grpc: (app) => [app.get(TrainingController).binding()],
});
