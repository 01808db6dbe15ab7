import { OUTBOX_TABLE_SQL } from '@salescast/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitoring loop's state: what a forecast point came from (model version, horizon), the rest
 * of each actual day (revenue, returns), the SKU master's categories, each SKU's champion (its
 * training window ends at origin_date), the alerts with their raise/resolve life, the last
 * retraining request per SKU, and the outbox for monitoring.alerts.v1 and training.requests.v1.
 */
export class Monitoring1732500000010 implements MigrationInterface {
  name = 'Monitoring1732500000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE forecast_points ADD COLUMN model_version_id text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE forecast_points ADD COLUMN category text NOT NULL DEFAULT ''`);
    await q.query(`CREATE INDEX forecast_points_target ON forecast_points (target_date)`);
    await q.query(`ALTER TABLE actuals ADD COLUMN revenue double precision NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE actuals ADD COLUMN returned double precision NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE sku_categories (sku text PRIMARY KEY, category text NOT NULL)`);
    await q.query(`
      CREATE TABLE champions (
        sku text PRIMARY KEY,
        model_version_id text NOT NULL,
        origin_date date NOT NULL,
        promoted_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE alerts (
        alert_id uuid PRIMARY KEY,
        kind text NOT NULL,
        scope text NOT NULL,
        scope_key text NOT NULL,
        severity text NOT NULL,
        metric text NOT NULL,
        value double precision NOT NULL,
        threshold double precision NOT NULL,
        detail text NOT NULL DEFAULT '',
        skus text[] NOT NULL DEFAULT '{}',
        raised_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX alerts_open ON alerts (kind, scope, scope_key) WHERE resolved_at IS NULL`,
    );
    await q.query(`CREATE TABLE retrain_requests (sku text PRIMARY KEY, requested_at timestamptz NOT NULL)`);
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['outbox', 'retrain_requests', 'alerts', 'champions', 'sku_categories'])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`ALTER TABLE actuals DROP COLUMN returned, DROP COLUMN revenue`);
    await q.query(`DROP INDEX forecast_points_target`);
    await q.query(`ALTER TABLE forecast_points DROP COLUMN category, DROP COLUMN model_version_id`);
  }
}
