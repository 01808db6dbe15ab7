import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reorder module's own copies of its inputs (consumed from `erp.supply-terms.v1` and
 * `erp.inventory.v1`; services never read another's tables) and the last proposal announced per SKU.
 */
export class Reorder1732500000013 implements MigrationInterface {
  name = 'Reorder1732500000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reorder_supply_terms (
        sku text NOT NULL,
        supplier text NOT NULL,
        moq integer NOT NULL,
        lead_time_days integer NOT NULL,
        pack_size integer NOT NULL,
        review_days integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sku, supplier)
      )`);
    await q.query(`CREATE INDEX reorder_supply_terms_supplier ON reorder_supply_terms (supplier)`);
    await q.query(`
      CREATE TABLE reorder_inventory (
        sku text PRIMARY KEY,
        as_of_date date NOT NULL,
        on_hand double precision NOT NULL,
        on_order double precision NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reorder_proposals (
        sku text PRIMARY KEY,
        proposal_id uuid NOT NULL,
        fingerprint text NOT NULL,
        plan jsonb NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reorder_proposals');
    await q.query('DROP TABLE reorder_inventory');
    await q.query('DROP TABLE reorder_supply_terms');
  }
}
