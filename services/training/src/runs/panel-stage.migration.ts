import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a run's panel stage computes once on every SKU of the store when the run is planned, for its batches to
 * read (a batch of 4–8 SKUs is not the panel): the global model's forecast paths per SKU (`paths` maps each
 * forecast origin, the first forecast day, to its daily path), and the hierarchy's context — each category's
 * summed history and the shop's closed weekdays. Deleted when the run finishes.
 */
export class PanelStage1732500000014 implements MigrationInterface {
  name = 'PanelStage1732500000014';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE run_global_paths (
        run_id uuid NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        sku text NOT NULL,
        paths jsonb NOT NULL,
        PRIMARY KEY (run_id, sku)
      )`);
    await q.query(`
      CREATE TABLE run_panel (
        run_id uuid PRIMARY KEY REFERENCES runs(run_id) ON DELETE CASCADE,
        closed_weekdays integer[] NOT NULL,
        groups jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE run_panel`);
    await q.query(`DROP TABLE run_global_paths`);
  }
}
