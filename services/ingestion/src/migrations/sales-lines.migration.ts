import { MigrationInterface, QueryRunner } from 'typeorm';
import { OUTBOX_TABLE_SQL } from '@salescast/platform';

/** Order lines (natural key order_id + line_no), daily SKU totals, and the outbox. */
export class SalesLines1732500000000 implements MigrationInterface {
  name = 'SalesLines1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE order_lines (
        order_id text NOT NULL,
        line_no integer NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price double precision NOT NULL CHECK (unit_price >= 0),
        ordered_at timestamptz NOT NULL,
        PRIMARY KEY (order_id, line_no)
      )`);
    await q.query(`
      CREATE TABLE daily_sales (
        sku text NOT NULL,
        day date NOT NULL,
        quantity double precision NOT NULL DEFAULT 0,
        revenue double precision NOT NULL DEFAULT 0,
        returned_quantity double precision NOT NULL DEFAULT 0,
        order_lines integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, day)
      )`);
    await q.query(OUTBOX_TABLE_SQL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox');
    await q.query('DROP TABLE daily_sales');
    await q.query('DROP TABLE order_lines');
  }
}
