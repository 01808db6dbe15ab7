import { baseConfigSchema, main } from '@salescast/platform';
import { IngestionModule } from './ingestion.module';
import { Catalog1732500000005 } from './migrations/catalog.migration';
import { SalesLines1732500000000 } from './migrations/sales-lines.migration';

/**
 * ingestion: ERP events → validated, deduplicated order lines and returns → daily SKU totals →
 * `sales.daily.v1` (through the outbox, in the same transaction as the totals); the SKU master, supply
 * terms and business events are kept as the ERP sends them.
 */
main({
  name: 'ingestion',
  configSchema: baseConfigSchema,
  dbSchema: 'ingestion',
  migrations: [SalesLines1732500000000, Catalog1732500000005],
  outbox: true,
  topics: [
    'erp.sales-lines.v1',
    'erp.returns.v1',
    'erp.skus.v1',
    'erp.supply-terms.v1',
    'erp.business-events.v1',
    'sales.daily.v1',
  ],
  module: () => IngestionModule,
});
