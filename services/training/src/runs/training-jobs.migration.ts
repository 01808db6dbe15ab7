import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run split into SKU batches (`training.jobs.v1`), shared by the replicas' consumer group: each batch
 * is recorded when the run is planned and marked done once, by whichever replica fitted it; the run
 * finishes when its last batch is done.
 */
export class TrainingJobs1732500000010 implements MigrationInterface {
  name = 'TrainingJobs1732500000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE runs ADD COLUMN batches_total integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE runs ADD COLUMN batches_done integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE run_batches (
        run_id uuid NOT NULL REFERENCES runs(run_id),
        batch_index integer NOT NULL,
        skus text[] NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','DONE')),
        skus_done integer NOT NULL DEFAULT 0,
        skus_failed integer NOT NULL DEFAULT 0,
        fitted_by text NOT NULL DEFAULT '',
        finished_at timestamptz,
        PRIMARY KEY (run_id, batch_index)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS model_versions_run ON model_versions (run_id, sku)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS model_versions_run`);
    await q.query(`DROP TABLE run_batches`);
    await q.query(`ALTER TABLE runs DROP COLUMN batches_done`);
    await q.query(`ALTER TABLE runs DROP COLUMN batches_total`);
  }
}
