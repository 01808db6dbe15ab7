import { Module } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { CONFIG, connect } from '@salescast/platform';
import { BusinessContext } from './business-context/business-context';
import { BusinessContextConsumer } from './business-context/business-context.consumer';
import { BusinessContextRepository } from './business-context/business-context.repository';
import { TrainingConfig } from './config';
import { ModelRegistryRepository } from './registry/model-registry.repository';
import { BatchTrainer } from './runs/batch-trainer.service';
import { RunReconciler } from './runs/run-reconciler';
import { ModelRegistryService } from './registry/model-registry.service';
import { RunsRepository } from './runs/runs.repository';
import { TrainingJobsConsumer } from './runs/training-jobs.consumer';
import { FEATURE_CLIENT, TrainingRunner } from './runs/training-runner';
import { TrainingTriggers } from './runs/training-triggers';
import { TrainingController } from './training-api/training.controller';
import { EngineTrainer } from './trainer/engine-trainer';
import { MODEL_TRAINER } from './trainer/trainer.port';

@Module({
  providers: [
    RunsRepository,
    BusinessContextRepository,
    BusinessContext,
    BusinessContextConsumer,
    ModelRegistryRepository,
    ModelRegistryService,
    TrainingRunner,
    TrainingJobsConsumer,
    BatchTrainer,
    RunReconciler,
    TrainingTriggers,
    TrainingController,
    {
      provide: FEATURE_CLIENT,
      inject: [CONFIG],
      useFactory: (c: TrainingConfig) => connect(api.FeatureServiceClient, c.FEATURE_SERVICE_ADDR),
    },
    {
      provide: MODEL_TRAINER,
      inject: [CONFIG],
      useFactory: (c: TrainingConfig) =>
        EngineTrainer.create(
          {
            horizon: c.TRAINING_HORIZON_DAYS,
            members: c.TRAINING_MEMBERS ? c.TRAINING_MEMBERS.split(',').map((m) => m.trim()) : undefined,
          },
          c.TRAINING_WORKERS,
        ),
    },
  ],
})
export class TrainingModule {}
