import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a run needs to reconcile its SKUs with their categories once its last batch is fitted (RunReconciler):
 * the panel stage's own forecasts of each category and of the total (`run_panel.aggregates`), and each fitted
 * SKU's forecast from the run's origin (`run_sku_forecasts`, written by its batch). Deleted when the run
 * finishes, with the rest of the panel stage.
 */
export class Reconciliation1732500000015 implements MigrationInterface {
  name = 'Reconciliation1732500000015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run_panel ADD COLUMN aggregates jsonb`);
    await q.query(`
      CREATE TABLE run_sku_forecasts (
        run_id uuid NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        sku text NOT NULL,
        category text NOT NULL,
        mean float8[] NOT NULL,
        PRIMARY KEY (run_id, sku)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE run_sku_forecasts`);
    await q.query(`ALTER TABLE run_panel DROP COLUMN aggregates`);
  }
}

/**
 * Each SKU's adjustments after the engine (run-down, price change, launch ramp), learned by a run's panel stage
 * from the whole store, for every run: a run over every SKU applies them at its reconciliation, a run of a few
 * SKUs (drift) to each fit as its batch stores it. Deleted with the rest of the panel stage.
 */
export class RunAdjustments1732500000017 implements MigrationInterface {
  name = 'RunAdjustments1732500000017';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run_panel ADD COLUMN adjustments jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run_panel DROP COLUMN adjustments`);
  }
}

/**
 * The SKUs' pooled promotion lift (FitContext.promotionPrior), learned by a run's panel stage from every SKU's
 * past promotions: a batch's SKUs shrink their own few promotions toward it. Null when too few SKUs had any.
 */
export class RunPromotionPrior1732500000018 implements MigrationInterface {
  name = 'RunPromotionPrior1732500000018';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run_panel ADD COLUMN promotion_prior jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE run_panel DROP COLUMN promotion_prior`);
  }
}
