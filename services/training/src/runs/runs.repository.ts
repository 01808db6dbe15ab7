import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE, enqueue, OUTBOX, OutboxRelay, OutgoingEvent } from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import { GroupHistory, PromotionPrior, SkuAdjustments } from '@salescast/forecasting';
import { DataSource } from 'typeorm';
import { SCHEDULE_REASON } from './schedule';

export type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface RunRow {
  run_id: string;
  status: RunStatus;
  reason: string;
  skus: string[];
  skus_total: number;
  skus_done: number;
  skus_failed: number;
  batches_total: number;
  batches_done: number;
  started_at: Date | null;
  finished_at: Date | null;
  error: string;
}

export interface BatchOutcome {
  /** SKUs of the batch with a model version of this run (fitted now or by an earlier delivery). */
  done: number;
  failed: number;
  /** Who fitted it (host:pid), for people and the scale-out test. */
  fittedBy: string;
}

/** A SKU's global-model paths: first forecast day → daily path (FitContext.globalForecasts). */
export type GlobalPaths = Record<string, number[]>;

/**
 * The hierarchy's context of a run: each category's summed history ('' for SKUs without one), closed weekdays,
 * and the SKUs' pooled promotion lift when enough of them had past promotions.
 */
export interface PanelContext {
  closedWeekdays: number[];
  groups: Record<string, GroupHistory>;
  promotionPrior?: PromotionPrior;
}

/** The panel stage's own forecasts of each category ('' for SKUs without one) and of the total, from the run's origin. */
export interface PanelAggregates {
  groups: Record<string, number[]>;
  total: number[];
}

/** What a run's panel stage computed (TrainingRunner), stored with the run for its batches. */
export interface PanelStage {
  paths: ReadonlyMap<string, GlobalPaths>;
  context?: PanelContext;
  /** Stored with the context (a stage without a context stores none). */
  aggregates?: PanelAggregates;
  /**
   * SKUs' adjustments for the trainer's horizon from the run's origin (PanelFit.adjustments: run-down, price
   * change, launch ramp), stored with the context; SKUs missing have none.
   */
  adjustments?: Record<string, SkuAdjustments>;
}

/** A fitted SKU's forecast from the run's origin, written by its batch for the run's reconciliation. */
export interface SkuForecast {
  sku: string;
  /** Its category ('' for none). */
  category: string;
  mean: number[];
}

/** Rows per INSERT of global paths (each row holds a few hundred numbers). */
const PATH_CHUNK = 500;

/** A scheduled run still unfinished after this long no longer holds back the next tick. */
export const SCHEDULE_OVERLAP_HOURS = 24;

/** (UPDATE … RETURNING goes through a CTE: TypeORM returns [rows, count] for a bare UPDATE.) */
@Injectable()
export class RunsRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async create(skus: string[], reason: string): Promise<RunRow> {
    const rows: RunRow[] = await this.db.query(
      `INSERT INTO runs (run_id, status, reason, skus) VALUES ($1, 'QUEUED', $2, $3) RETURNING *`,
      [randomUUID(), reason, skus],
    );
    return rows[0];
  }

  /**
   * Creates a scheduled run unless one is still QUEUED or RUNNING (created in the last SCHEDULE_OVERLAP_HOURS, so
   * a run stuck by a lost replica cannot block the schedule for good): every replica arms the same schedule,
   * and a tick may come while the last one's run still fits. One transaction under an advisory lock, so two
   * replicas ticking at once create one run. Returns undefined when skipped.
   */
  async createScheduled(reason: string): Promise<RunRow | undefined> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('salescast.training.schedule'))`);
      const rows: RunRow[] = await tx.query(
        `INSERT INTO runs (run_id, status, reason, skus)
         SELECT $1, 'QUEUED', $2, '{}'::text[]
          WHERE NOT EXISTS (
            SELECT 1 FROM runs WHERE starts_with(reason, $4) AND status IN ('QUEUED', 'RUNNING')
               AND created_at > now() - make_interval(hours => $3))
         RETURNING *`,
        [randomUUID(), reason, SCHEDULE_OVERLAP_HOURS, SCHEDULE_REASON],
      );
      return rows[0];
    });
  }

  async get(id: string): Promise<RunRow | undefined> {
    return (await this.db.query(`SELECT * FROM runs WHERE run_id = $1`, [id]))[0];
  }

  /**
   * Plans a QUEUED run: RUNNING with its batches recorded and one `training.jobs.v1` event per batch in
   * the outbox, with what the panel stage computed (the global model's paths of its SKUs, the hierarchy's
   * context) — one transaction, so that no batch starts before they are there. Returns false when the run was not QUEUED
   * any more (another replica planned it). A run without batches finishes at once.
   */
  async plan(
    id: string,
    batches: string[][],
    jobs: OutgoingEvent[],
    panel: PanelStage = { paths: new Map() },
  ): Promise<boolean> {
    const planned = await this.db.transaction(async (tx) => {
      const claimed: unknown[] = await tx.query(
        `WITH u AS (
           UPDATE runs SET status = $2, started_at = now(), skus_total = $3, batches_total = $4,
                  finished_at = CASE WHEN $4 = 0 THEN now() END
           WHERE run_id = $1 AND status = 'QUEUED' RETURNING run_id
         ) SELECT * FROM u`,
        [id, batches.length ? 'RUNNING' : 'SUCCEEDED', batches.flat().length, batches.length],
      );
      if (claimed.length === 0) return false;
      if (batches.length)
        await tx.query(
          `INSERT INTO run_batches (run_id, batch_index, skus)
           SELECT $1, t.i, ARRAY(SELECT json_array_elements_text(t.b::json))
           FROM unnest($2::int[], $3::text[]) AS t(i, b)`,
          [id, batches.map((_, i) => i), batches.map((b) => JSON.stringify(b))],
        );
      const entries = [...panel.paths.entries()];
      for (let i = 0; i < entries.length; i += PATH_CHUNK) {
        const chunk = entries.slice(i, i + PATH_CHUNK);
        await tx.query(
          `INSERT INTO run_global_paths (run_id, sku, paths)
           SELECT $1, t.sku, t.paths FROM unnest($2::text[], $3::jsonb[]) AS t(sku, paths)`,
          [id, chunk.map(([sku]) => sku), chunk.map(([, p]) => JSON.stringify(p))],
        );
      }
      if (panel.context)
        await tx.query(
          `INSERT INTO run_panel (run_id, closed_weekdays, groups, aggregates, adjustments, promotion_prior)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            id,
            panel.context.closedWeekdays,
            JSON.stringify(panel.context.groups),
            panel.aggregates ? JSON.stringify(panel.aggregates) : null,
            panel.adjustments ? JSON.stringify(panel.adjustments) : null,
            panel.context.promotionPrior ? JSON.stringify(panel.context.promotionPrior) : null,
          ],
        );
      await enqueue(tx, jobs);
      return true;
    });
    if (planned) this.outbox.poke();
    return planned;
  }

  /** The global model's paths of run `id` for those of `skus` that have them. */
  async globalPaths(id: string, skus: string[]): Promise<Map<string, GlobalPaths>> {
    const rows: Array<{ sku: string; paths: GlobalPaths }> = await this.db.query(
      `SELECT sku, paths FROM run_global_paths WHERE run_id = $1 AND sku = ANY($2::text[])`,
      [id, skus],
    );
    return new Map(rows.map((r) => [r.sku, r.paths]));
  }

  /** The hierarchy's context of run `id`, when its panel stage computed one. */
  async panelContext(id: string): Promise<PanelContext | undefined> {
    const rows: Array<{
      closed_weekdays: number[];
      groups: PanelContext['groups'];
      promotion_prior: PromotionPrior | null;
    }> = await this.db.query(
      `SELECT closed_weekdays, groups, promotion_prior FROM run_panel WHERE run_id = $1`,
      [id],
    );
    const row = rows[0];
    return (
      row && {
        closedWeekdays: row.closed_weekdays,
        groups: row.groups,
        ...(row.promotion_prior && { promotionPrior: row.promotion_prior }),
      }
    );
  }

  /**
   * Whether run `id`'s fits are reconciled at its end (and so gated there): its panel stage forecast the
   * categories, which it does for a run over every SKU of the store (TrainingRunner).
   */
  async reconciled(id: string): Promise<boolean> {
    const rows: Array<{ ok: boolean }> = await this.db.query(
      `SELECT aggregates IS NOT NULL AS ok FROM run_panel WHERE run_id = $1`,
      [id],
    );
    return rows[0]?.ok === true;
  }

  /** The panel stage's forecasts of the categories and the total of run `id`, when it made them. */
  async aggregates(id: string): Promise<PanelAggregates | undefined> {
    const rows: Array<{ aggregates: PanelAggregates | null }> = await this.db.query(
      `SELECT aggregates FROM run_panel WHERE run_id = $1`,
      [id],
    );
    return rows[0]?.aggregates ?? undefined;
  }

  /** The SKUs' adjustments the panel stage of run `id` learned (none when it stored none). */
  async adjustments(id: string): Promise<Record<string, SkuAdjustments>> {
    const rows: Array<{ adjustments: Record<string, SkuAdjustments> | null }> = await this.db.query(
      `SELECT adjustments FROM run_panel WHERE run_id = $1`,
      [id],
    );
    return rows[0]?.adjustments ?? {};
  }

  /** Records the forecasts of SKUs fitted by a batch of run `id` (a refit after a redelivery replaces them). */
  async storeSkuForecasts(id: string, forecasts: readonly SkuForecast[]): Promise<void> {
    if (forecasts.length === 0) return;
    await this.db.query(
      `INSERT INTO run_sku_forecasts (run_id, sku, category, mean)
       SELECT $1, t.sku, t.category, ARRAY(SELECT json_array_elements_text(t.mean::json)::float8)
       FROM unnest($2::text[], $3::text[], $4::text[]) AS t(sku, category, mean)
       ON CONFLICT (run_id, sku) DO UPDATE SET category = EXCLUDED.category, mean = EXCLUDED.mean`,
      [
        id,
        forecasts.map((f) => f.sku),
        forecasts.map((f) => f.category),
        forecasts.map((f) => JSON.stringify(f.mean)),
      ],
    );
  }

  /** The forecasts the batches of run `id` recorded, by SKU. */
  async skuForecasts(id: string): Promise<SkuForecast[]> {
    return this.db.query(`SELECT sku, category, mean FROM run_sku_forecasts WHERE run_id = $1 ORDER BY sku`, [
      id,
    ]);
  }

  /** Whether batch `index` of run `id` is done already (a redelivered job is skipped). */
  async batchDone(id: string, index: number): Promise<boolean> {
    const rows: Array<{ status: string }> = await this.db.query(
      `SELECT status FROM run_batches WHERE run_id = $1 AND batch_index = $2`,
      [id, index],
    );
    return rows[0]?.status === 'DONE';
  }

  /** Those of `skus` that have a model version of run `id` already: fitted once, never again. */
  async fittedSkus(id: string, skus: string[]): Promise<Set<string>> {
    const rows: Array<{ sku: string }> = await this.db.query(
      `SELECT DISTINCT sku FROM model_versions WHERE run_id = $1 AND sku = ANY($2::text[])`,
      [id, skus],
    );
    return new Set(rows.map((r) => r.sku));
  }

  /**
   * Marks a batch done and adds its counts to the run, once (a second completion of the same batch
   * changes nothing). One transaction. Returns the run (still RUNNING) when this was its last batch: the caller
   * then reconciles the run and finishes it (finishRun).
   */
  async completeBatch(id: string, index: number, outcome: BatchOutcome): Promise<RunRow | undefined> {
    return this.db.transaction(async (tx) => {
      const marked: unknown[] = await tx.query(
        `WITH u AS (
           UPDATE run_batches SET status = 'DONE', skus_done = $3, skus_failed = $4, fitted_by = $5, finished_at = now()
           WHERE run_id = $1 AND batch_index = $2 AND status = 'PENDING' RETURNING batch_index
         ) SELECT * FROM u`,
        [id, index, outcome.done, outcome.failed, outcome.fittedBy],
      );
      if (marked.length === 0) return undefined;
      const [run]: RunRow[] = await tx.query(
        `WITH u AS (
           UPDATE runs SET skus_done = skus_done + $2, skus_failed = skus_failed + $3, batches_done = batches_done + 1
           WHERE run_id = $1 RETURNING *
         ) SELECT * FROM u`,
        [id, outcome.done, outcome.failed],
      );
      if (!run || run.batches_done < run.batches_total || run.status !== 'RUNNING') return undefined;
      return run;
    });
  }

  /** Whether run `id` has fitted every batch but is not finished (its finishing replica died first). */
  async awaitsFinish(id: string): Promise<RunRow | undefined> {
    const rows: RunRow[] = await this.db.query(
      `SELECT * FROM runs WHERE run_id = $1 AND status = 'RUNNING' AND batches_done >= batches_total`,
      [id],
    );
    return rows[0];
  }

  /**
   * Finishes a RUNNING run whose batches are all done — SUCCEEDED unless every SKU failed — and drops its panel
   * stage. Returns the run when this call finished it (undefined when another did).
   */
  async finishRun(id: string): Promise<RunRow | undefined> {
    return this.db.transaction(async (tx) => {
      const [finished]: RunRow[] = await tx.query(
        `WITH u AS (
           UPDATE runs SET status = CASE WHEN skus_done > 0 THEN 'SUCCEEDED' ELSE 'FAILED' END,
                  error = CASE WHEN skus_done > 0 THEN '' ELSE 'every SKU failed' END, finished_at = now()
           WHERE run_id = $1 AND status = 'RUNNING' AND batches_done >= batches_total RETURNING *
         ) SELECT * FROM u`,
        [id],
      );
      if (finished) await dropPanel(tx, id);
      return finished;
    });
  }

  async finish(id: string, status: 'SUCCEEDED' | 'FAILED', error = ''): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE runs SET status = $2, finished_at = now(), error = $3 WHERE run_id = $1`, [
        id,
        status,
        error,
      ]);
      await dropPanel(tx, id);
    });
  }

  /** Runs not planned yet (their replica died first, or it is starting): planned again at start. */
  async queued(): Promise<RunRow[]> {
    return this.db.query(`SELECT * FROM runs WHERE status = 'QUEUED' ORDER BY created_at`);
  }
}

/** A finished run's panel stage is not needed any more. */
async function dropPanel(
  tx: { query(sql: string, params?: unknown[]): Promise<unknown> },
  id: string,
): Promise<void> {
  await tx.query(`DELETE FROM run_global_paths WHERE run_id = $1`, [id]);
  await tx.query(`DELETE FROM run_panel WHERE run_id = $1`, [id]);
  await tx.query(`DELETE FROM run_sku_forecasts WHERE run_id = $1`, [id]);
}
