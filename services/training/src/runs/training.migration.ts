import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@salescast/platform';

/**
 * Training runs; immutable model versions; aliases (`champion`) pointing at versions — the registry
 * model MLflow moved to (aliases over stages). Plus the outbox for `models.promoted.v1`.
 */
export class Training1732500000002 implements MigrationInterface {
  name = 'Training1732500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE runs (
        run_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('QUEUED','RUNNING','SUCCEEDED','FAILED')),
        reason text NOT NULL DEFAULT '',
        skus text[] NOT NULL DEFAULT '{}',
        skus_total integer NOT NULL DEFAULT 0,
        skus_done integer NOT NULL DEFAULT 0,
        skus_failed integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        error text NOT NULL DEFAULT ''
      )`);
    await q.query(`
      CREATE TABLE model_versions (
        model_version_id uuid PRIMARY KEY,
        sku text NOT NULL,
        model_name text NOT NULL,
        model jsonb NOT NULL,
        frequency text NOT NULL,
        origin_date date NOT NULL,
        trained_at timestamptz NOT NULL DEFAULT now(),
        run_id uuid REFERENCES runs(run_id),
        backtest jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX model_versions_sku ON model_versions (sku, trained_at DESC)`);
    await q.query(`
      CREATE TABLE aliases (
        sku text NOT NULL,
        alias text NOT NULL,
        model_version_id uuid NOT NULL REFERENCES model_versions(model_version_id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, alias)
      )`);
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['outbox', 'aliases', 'model_versions', 'runs']) await q.query(`DROP TABLE ${t}`);
  }
}
