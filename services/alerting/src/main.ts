import { baseConfigSchema, main } from '@salescast/platform';
import { Accuracy1732500000004 } from './accuracy/accuracy.migration';
import { AlertingModule } from './alerting.module';
import { MonitoringController } from './monitoring-api/monitoring.controller';

/** alerting: forecasts.issued.v1 ⋈ sales.daily.v1 → realised accuracy per SKU on /metrics and gRPC. */
main({
  name: 'alerting',
  configSchema: baseConfigSchema,
  dbSchema: 'alerting',
  migrations: [Accuracy1732500000004],
  topics: ['forecasts.issued.v1', 'sales.daily.v1', 'monitoring.alerts.v1'],
  module: () => AlertingModule,
  grpc: (app) => [app.get(MonitoringController).binding()],
});
