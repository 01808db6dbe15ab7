/**
 * What other parts of salescast may use of ingestion without running it: the bulk path into its tables
 * (tools/loader's backfill) and the one `daily_sales` → `sales.daily.v1` mapping. `main.ts` runs the service.
 */
export * from './backfill/backfill.repository';
export { dailySalesEvent, DailySalesRow } from './daily-aggregates/daily-sales.event';
