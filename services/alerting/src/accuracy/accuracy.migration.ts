import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issued forecast points and actual daily sales: the two sides of realised accuracy. */
export class Accuracy1732500000004 implements MigrationInterface {
  name = 'Accuracy1732500000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE forecast_points (
        forecast_id uuid NOT NULL,
        sku text NOT NULL,
        target_date date NOT NULL,
        origin_date date NOT NULL,
        issued_at timestamptz NOT NULL,
        mean double precision NOT NULL,
        lower80 double precision,
        upper80 double precision,
        PRIMARY KEY (forecast_id, target_date)
      )`);
    await q.query(
      `CREATE INDEX forecast_points_sku_day ON forecast_points (sku, target_date, origin_date DESC)`,
    );
    await q.query(`
      CREATE TABLE actuals (
        sku text NOT NULL,
        day date NOT NULL,
        quantity double precision NOT NULL,
        source_ts timestamptz NOT NULL,
        PRIMARY KEY (sku, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE actuals');
    await q.query('DROP TABLE forecast_points');
  }
}
