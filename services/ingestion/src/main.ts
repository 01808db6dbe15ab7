import { baseConfigSchema, main } from '@salescast/platform';
import { IngestionModule } from './ingestion.module';
import { SalesLines1732500000000 } from './sales-lines/sales-lines.migration';

/**
 * ingestion: ERP events → validated, deduplicated order lines → daily SKU totals → `sales.daily.v1`
 * (through the outbox, in the same transaction as the totals).
 */
main({
  name: 'ingestion',
  configSchema: baseConfigSchema,
  dbSchema: 'ingestion',
  migrations: [SalesLines1732500000000],
  outbox: true,
  topics: ['erp.sales-lines.v1', 'sales.daily.v1'],
  module: () => IngestionModule,
});
