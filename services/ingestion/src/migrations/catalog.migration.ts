import { MigrationInterface, QueryRunner } from 'typeorm';

/** Returns (natural key return_id), the SKU master, supply terms and business events. */
export class Catalog1732500000005 implements MigrationInterface {
  name = 'Catalog1732500000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE returns (
        return_id text PRIMARY KEY,
        order_id text NOT NULL,
        sku text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        returned_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE skus (
        sku text PRIMARY KEY,
        name text NOT NULL,
        category text NOT NULL,
        unit_price double precision NOT NULL,
        launched_on date,
        discontinued_on date,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE supply_terms (
        sku text NOT NULL,
        supplier text NOT NULL,
        moq integer NOT NULL CHECK (moq >= 0),
        lead_time_days integer NOT NULL CHECK (lead_time_days >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, supplier)
      )`);
    await q.query(`
      CREATE TABLE business_events (
        kind text NOT NULL CHECK (kind IN ('shutdown','reopening','promotion')),
        starts_on date NOT NULL,
        scope text NOT NULL,
        ends_on date,
        description text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, starts_on, scope)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['business_events', 'supply_terms', 'skus', 'returns']) await q.query(`DROP TABLE ${t}`);
  }
}
