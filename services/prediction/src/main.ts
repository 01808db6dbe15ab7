import { API_PROTO_FILES, PROTO_ROOT } from '@salescast/contracts';
import { main } from '@salescast/platform';
import { Issued1732500000003 } from './champions/issued.migration';
import { predictionConfigSchema } from './config';
import { ForecastController } from './forecasts-api/forecast.controller';
import { PredictionModule } from './prediction.module';
import { ReorderController } from './reorder/reorder.controller';
import { Reorder1732500000013 } from './reorder/reorder.migration';

/** prediction: champion models in memory → ForecastService (gRPC) → `forecasts.issued.v1`. */
main({
  name: 'prediction',
  configSchema: predictionConfigSchema,
  dbSchema: 'prediction',
  migrations: [Issued1732500000003, Reorder1732500000013],
  outbox: true,
  topics: ['models.promoted.v1', 'forecasts.issued.v1', 'erp.supply-terms.v1', 'erp.inventory.v1', 'reorder.proposed.v1'],
  module: () => PredictionModule,
  grpc: (app) => [app.get(ForecastController).binding(), app.get(ReorderController).binding()],
  reflection: { protoFiles: [...API_PROTO_FILES], includeDirs: [PROTO_ROOT] },
});
