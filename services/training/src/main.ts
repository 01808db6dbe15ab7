import { main } from '@salescast/platform';
import { BusinessContext1732500000006 } from './business-context/business-context.migration';
import { trainingConfigSchema } from './config';
import { Registry1732500000011 } from './registry/registry.migration';
import { Training1732500000002 } from './runs/training.migration';
import { TrainingController } from './training-api/training.controller';
import { TrainingModule } from './training.module';

/**
 * training: runs (StartRun, schedule, training.requests.v1) → per-SKU fits through the engine seam →
 * immutable model versions → champion/challenger gate → `champion` alias → `models.promoted.v1`;
 * Promote / Rollback by hand.
 */
main({
  name: 'training',
  configSchema: trainingConfigSchema,
  dbSchema: 'training',
  migrations: [Training1732500000002, BusinessContext1732500000006, Registry1732500000011],
  outbox: true,
  topics: ['training.requests.v1', 'models.promoted.v1', 'erp.business-events.v1', 'erp.skus.v1'],
  module: () => TrainingModule,
  grpc: (app) => [app.get(TrainingController).binding()],
});
