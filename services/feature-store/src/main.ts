import { baseConfigSchema, main } from '@salescast/platform';
import { DailySeries1732500000001 } from './daily-series/daily-series.migration';
import { FeatureStoreModule } from './feature-store.module';
import { FeatureController } from './features-api/feature.controller';

/** feature-store: `sales.daily.v1` → each SKU's daily series (offline store) → FeatureService (gRPC). */
main({
  name: 'feature-store',
  configSchema: baseConfigSchema,
  dbSchema: 'feature_store',
  migrations: [DailySeries1732500000001],
  topics: ['sales.daily.v1'],
  module: () => FeatureStoreModule,
  grpc: (app) => [app.get(FeatureController).binding()],
});
