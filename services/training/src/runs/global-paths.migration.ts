import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The global model's forecast paths of a run (libs/forecasting's global_gbm), fitted once on every SKU of the
 * store when the run is planned and read by each batch for its SKUs: a batch of 4–8 SKUs is too small to learn
 * across SKUs. One row per SKU: `paths` maps each forecast origin (first forecast day) to its daily path.
 * Deleted when the run finishes.
 */
export class GlobalPaths1732500000014 implements MigrationInterface {
  name = 'GlobalPaths1732500000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE run_global_paths (
        run_id uuid NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        sku text NOT NULL,
        paths jsonb NOT NULL,
        PRIMARY KEY (run_id, sku)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE run_global_paths`);
  }
}
