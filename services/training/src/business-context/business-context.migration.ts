import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the business knows about its own history (shutdowns, reopenings, promotions) and each SKU's
 * category (for `category:<name>` event scopes): training's own copy of the public ERP topics.
 */
export class BusinessContext1732500000006 implements MigrationInterface {
  name = 'BusinessContext1732500000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business_events (
        kind text NOT NULL,
        starts_on date NOT NULL,
        scope text NOT NULL,
        ends_on date,
        description text NOT NULL DEFAULT '',
        PRIMARY KEY (kind, starts_on, scope)
      )`);
    await q.query(`CREATE TABLE sku_categories (sku text PRIMARY KEY, category text NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sku_categories');
    await q.query('DROP TABLE business_events');
  }
}

/** Each SKU's planned end of sale (`discontinued_on` of erp.skus.v1): its forecast is 0 from that day on. */
export class SkuEndOfSale1732500000016 implements MigrationInterface {
  name = 'SkuEndOfSale1732500000016';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sku_categories ADD COLUMN discontinued_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sku_categories DROP COLUMN discontinued_on`);
  }
}
