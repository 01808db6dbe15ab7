import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forecasts are published once per SKU as immutable snapshots (no longer recorded per request):
 * `forecast_snapshots` is append-only; `actuals` holds the daily totals since the champions'
 * origins (what moves a forecast's origin); `sku_categories` the SKU master's categories.
 */
export class Snapshots1733200000000 implements MigrationInterface {
  name = 'Snapshots1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS issued_forecasts');
    await q.query(`
      CREATE TABLE forecast_snapshots (
        snapshot_id uuid PRIMARY KEY,
        sku text NOT NULL,
        category text NOT NULL DEFAULT '',
        model_version_id uuid NOT NULL,
        model_name text NOT NULL,
        origin_date date NOT NULL,
        published_at timestamptz NOT NULL,
        reason text NOT NULL,
        levels integer[] NOT NULL,
        mean double precision[] NOT NULL,
        lower double precision[] NOT NULL,
        upper double precision[] NOT NULL
      )`);
    await q.query('CREATE INDEX forecast_snapshots_latest ON forecast_snapshots (sku, published_at DESC)');
    await q.query(`
      CREATE TABLE actuals (
        sku text NOT NULL,
        day date NOT NULL,
        quantity double precision NOT NULL,
        source_ts timestamptz NOT NULL,
        PRIMARY KEY (sku, day)
      )`);
    await q.query(`CREATE TABLE sku_categories (sku text PRIMARY KEY, category text NOT NULL, source_ts timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sku_categories');
    await q.query('DROP TABLE actuals');
    await q.query('DROP TABLE forecast_snapshots');
  }
}
