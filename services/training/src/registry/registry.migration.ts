import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The champion/challenger gate's record: each version's gate decision, and every move of a SKU's
 * `champion` alias (by the gate, a manual promotion or a rollback) with the version it replaced —
 * what Rollback reads and what the model dashboard counts.
 */
export class Registry1732500000011 implements MigrationInterface {
  name = 'Registry1732500000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_versions ADD COLUMN gate_decision text NOT NULL DEFAULT ''`);
    await q.query(`
      CREATE TABLE champion_history (
        id bigserial PRIMARY KEY,
        sku text NOT NULL,
        model_version_id uuid NOT NULL REFERENCES model_versions(model_version_id),
        previous_model_version_id uuid REFERENCES model_versions(model_version_id),
        cause text NOT NULL CHECK (cause IN ('gate','manual','rollback')),
        reason text NOT NULL DEFAULT '',
        moved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX champion_history_sku ON champion_history (sku, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE champion_history');
    await q.query('ALTER TABLE model_versions DROP COLUMN gate_decision');
  }
}
