import { main } from '@salescast/platform';
import { Issued1732500000003 } from './champions/issued.migration';
import { predictionConfigSchema } from './config';
import { ForecastController } from './forecasts-api/forecast.controller';
import { PredictionModule } from './prediction.module';

/** prediction: champion models in memory → ForecastService (gRPC) → `forecasts.issued.v1`. */
main({
  name: 'prediction',
  configSchema: predictionConfigSchema,
  dbSchema: 'prediction',
  migrations: [Issued1732500000003],
  outbox: true,
  topics: ['models.promoted.v1', 'forecasts.issued.v1'],
  module: () => PredictionModule,
  grpc: (app) => [app.get(ForecastController).binding()],
});
