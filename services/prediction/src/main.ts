import { main } from '@salescast/platform';
import { Issued1732500000003 } from './snapshots/issued.migration';
import { Snapshots1733200000000 } from './snapshots/snapshots.migration';
import { predictionConfigSchema } from './config';
import { ForecastController } from './forecasts-api/forecast.controller';
import { PredictionModule } from './prediction.module';

/**
 * prediction: champion models → one forecast snapshot per SKU at each promotion and each new day of
 * actuals → PostgreSQL + `forecasts.published.v1` (outbox) → ForecastService (gRPC) from memory.
 */
main({
  name: 'prediction',
  configSchema: predictionConfigSchema,
  dbSchema: 'prediction',
  migrations: [Issued1732500000003, Snapshots1733200000000],
  outbox: true,
  // forecasts.issued.v1 is no longer produced; it stays declared until alerting stops consuming it
  topics: ['models.promoted.v1', 'sales.daily.v1', 'erp.skus.v1', 'forecasts.published.v1'],
  module: () => PredictionModule,
  grpc: (app) => [app.get(ForecastController).binding()],
});
