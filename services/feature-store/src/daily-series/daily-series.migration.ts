import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each SKU's daily series (the offline store's base table). `source_ts` is the `occurred_at` of the
 * event that wrote the row: an older, redelivered total never overwrites a newer one.
 */
export class DailySeries1732500000001 implements MigrationInterface {
  name = 'DailySeries1732500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE daily_series (
        sku text NOT NULL,
        day date NOT NULL,
        quantity double precision NOT NULL,
        revenue double precision NOT NULL,
        returned_quantity double precision NOT NULL,
        order_lines integer NOT NULL,
        source_ts timestamptz NOT NULL,
        PRIMARY KEY (sku, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE daily_series');
  }
}
