import { main } from '@salescast/platform';
import { Accuracy1732500000004 } from './accuracy/accuracy.migration';
import { AlertingModule } from './alerting.module';
import { alertingConfigSchema } from './config';
import { MonitoringController } from './monitoring-api/monitoring.controller';
import { Monitoring1732500000010 } from './monitoring.migration';

/**
 * alerting, the monitoring loop: forecasts.published.v1 ⋈ sales.daily.v1 →
 * realised accuracy (gRPC, /metrics); drift of each SKU and category against its champion's training
 * window (models.promoted.v1) → alerts raised and resolved on monitoring.alerts.v1 → retraining
 * requested on training.requests.v1.
 */
main({
  name: 'alerting',
  configSchema: alertingConfigSchema,
  dbSchema: 'alerting',
  migrations: [Accuracy1732500000004, Monitoring1732500000010],
  outbox: true,
  topics: [
    'forecasts.published.v1',
    'sales.daily.v1',
    'models.promoted.v1',
    'erp.skus.v1',
    'monitoring.alerts.v1',
    'training.requests.v1',
  ],
  module: () => AlertingModule,
  grpc: (app) => [app.get(MonitoringController).binding()],
});
