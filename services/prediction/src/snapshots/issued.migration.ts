import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@salescast/platform';

/** Every forecast served is recorded (and announced on `forecasts.issued.v1` via the outbox). */
export class Issued1732500000003 implements MigrationInterface {
  name = 'Issued1732500000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE issued_forecasts (
        forecast_id uuid PRIMARY KEY,
        sku text NOT NULL,
        model_version_id uuid NOT NULL,
        origin_date date NOT NULL,
        horizon_days integer NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        points jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX issued_forecasts_sku ON issued_forecasts (sku, issued_at DESC)`);
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox');
    await q.query('DROP TABLE issued_forecasts');
  }
}
