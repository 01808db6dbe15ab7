import { Inject, Injectable } from '@nestjs/common';
import { events } from '@salescast/contracts';
import {
  contractEvent,
  DATA_SOURCE,
  enqueue,
  OUTBOX,
  OutboxRelay,
  tracedTransaction,
} from '@salescast/platform';
import { RECONCILED_MODEL, RECONCILED_SCHEMA_VERSION } from '@salescast/forecasting';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { TrainedModel } from '../trainer/trainer.port';

export interface StoredVersion {
  model_version_id: string;
  sku: string;
  model_name: string;
  model: unknown;
  frequency: string;
  origin_date: string;
  trained_at: Date;
  run_id: string | null;
  backtest: { smape?: number; mase?: number; wape?: number };
  gate_decision: string;
  is_champion?: boolean;
}

export type ChampionCause = 'gate' | 'manual' | 'rollback';

/**
 * A run's factors for one SKU's fit (its reconciliation × its adjustments, per step) and what they do in words
 * ("reconciled with its category", "adjusted for its launch ramp", …: libs/forecasting `factorsReason`), which
 * the gate's decisions name.
 */
export interface RunFactors {
  factors: readonly number[];
  reason: string;
}

export const CHAMPION = 'champion';

/** The gate decision of a fit whose run gates it at its end, after the reconciliation (storePending). */
export const PENDING = 'pending: gated when its run is reconciled';

const CAUSE: Record<ChampionCause, events.PromotionCause> = {
  gate: events.PromotionCause.PROMOTION_CAUSE_GATE,
  manual: events.PromotionCause.PROMOTION_CAUSE_MANUAL,
  rollback: events.PromotionCause.PROMOTION_CAUSE_ROLLBACK,
};

const VERSION_COLUMNS = `v.model_version_id, v.sku, v.model_name, v.frequency, to_char(v.origin_date, 'YYYY-MM-DD') AS origin_date,
  v.trained_at, v.run_id, v.backtest, v.gate_decision`;

/**
 * The model registry: immutable versions, movable aliases. Storing a version, the gate's decision,
 * moving `champion` and announcing `models.promoted.v1` happen in one transaction, with the SKU's
 * alias row locked so concurrent fits of one SKU are gated one after the other.
 */
@Injectable()
export class ModelRegistryRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Stores a new version; `decide` sees the current champion (locked) and says whether the version
   * takes over. Returns the version id and the decision.
   */
  async storeGated<D extends { promote: boolean; reason: string }>(
    sku: string,
    trained: TrainedModel,
    runId: string | null,
    decide: (champion: StoredVersion | undefined) => D,
  ): Promise<{ id: string; decision: D }> {
    const id = randomUUID();
    const decision = await tracedTransaction(this.db, 'registry.store', async (tx) => {
      await lockChampion(tx, sku);
      const champion = await this.championOf(tx, sku);
      const d = decide(champion);
      await insertVersion(tx, id, sku, trained, runId, verdictOf(d));
      if (d.promote) await this.moveAlias(tx, sku, id, champion?.model_version_id, 'gate', d.reason);
      return d;
    });
    this.outbox.poke();
    return { id, decision };
  }

  /**
   * Stores a fit of a run that will be reconciled, ungated: `gate_decision` says it is pending, no alias moves.
   * The run's end gates it (gateRunVersion), so the champion moves once per SKU and run, to what will serve.
   */
  async storePending(sku: string, trained: TrainedModel, runId: string): Promise<string> {
    const id = randomUUID();
    await insertVersion(this.db, id, sku, trained, runId, PENDING);
    return id;
  }

  /** The SKUs with a pending fit of run `runId` (not gated yet). */
  async pendingSkus(runId: string): Promise<string[]> {
    const rows: Array<{ sku: string }> = await this.db.query(
      `SELECT DISTINCT sku FROM model_versions WHERE run_id = $1 AND gate_decision = $2 ORDER BY sku`,
      [runId, PENDING],
    );
    return rows.map((r) => r.sku);
  }

  /**
   * Gates run `runId`'s pending fit of `sku`, reconciled by `run.factors` when given: the reconciled form
   * (`{ model: 'reconciled', params: { base, factors } }`, the same backtest) is stored as a new version and gated
   * ("<verdict> (<run.reason>)"), the fit itself marked "superseded: <run.reason> as <id>"; without factors the
   * fit itself is gated. `decide` sees the
   * champion (locked) as in storeGated. One transaction under the SKU's lock; undefined when the SKU has no
   * pending fit of the run (gated already: a finishing step that ran twice).
   */
  async gateRunVersion<D extends { promote: boolean; reason: string }>(
    sku: string,
    runId: string,
    run: RunFactors | undefined,
    decide: (candidate: StoredVersion, champion: StoredVersion | undefined) => D,
  ): Promise<{ id: string; decision: D } | undefined> {
    const gated = await tracedTransaction(this.db, 'registry.gate-run-version', async (tx) => {
      await lockChampion(tx, sku);
      const [fit]: StoredVersion[] = await tx.query(
        `SELECT ${VERSION_COLUMNS} FROM model_versions v
          WHERE v.sku = $1 AND v.run_id = $2 AND v.gate_decision = $3 ORDER BY v.trained_at DESC LIMIT 1`,
        [sku, runId, PENDING],
      );
      if (!fit) return undefined;
      const champion = await this.championOf(tx, sku);
      const d = decide(fit, champion);
      const id = run ? randomUUID() : fit.model_version_id;
      if (run)
        await tx.query(
          `INSERT INTO model_versions (model_version_id, sku, model_name, model, frequency, origin_date, run_id, backtest, gate_decision)
           SELECT $1, sku, model_name,
                  jsonb_build_object('model', $3::text, 'schemaVersion', $4::int,
                                     'params', jsonb_build_object('base', model, 'factors', $5::jsonb)),
                  frequency, origin_date, run_id, backtest, $6
             FROM model_versions WHERE model_version_id = $2`,
          [
            id,
            fit.model_version_id,
            RECONCILED_MODEL,
            RECONCILED_SCHEMA_VERSION,
            JSON.stringify(run.factors),
            `${verdictOf(d)} (${run.reason})`,
          ],
        );
      await tx.query(`UPDATE model_versions SET gate_decision = $2 WHERE model_version_id = $1`, [
        fit.model_version_id,
        run ? `superseded: ${run.reason} as ${id}` : verdictOf(d),
      ]);
      if (d.promote) await this.moveAlias(tx, sku, id, champion?.model_version_id, 'gate', d.reason);
      return { id, decision: d };
    });
    if (gated?.decision.promote) this.outbox.poke();
    return gated;
  }

  /** Points `champion` at a version of the same SKU (manual promotion or rollback). */
  async moveChampion(
    sku: string,
    versionId: string,
    cause: ChampionCause,
    reason: string,
  ): Promise<{ previous: string | undefined }> {
    const previous = await tracedTransaction(this.db, 'registry.move-champion', async (tx) => {
      await lockChampion(tx, sku);
      const current = await this.championOf(tx, sku);
      await this.moveAlias(tx, sku, versionId, current?.model_version_id, cause, reason);
      return current?.model_version_id;
    });
    this.outbox.poke();
    return { previous };
  }

  private async championOf(tx: EntityManager | DataSource, sku: string): Promise<StoredVersion | undefined> {
    const rows: StoredVersion[] = await tx.query(
      `SELECT ${VERSION_COLUMNS} FROM aliases a JOIN model_versions v ON v.model_version_id = a.model_version_id
        WHERE a.sku = $1 AND a.alias = $2`,
      [sku, CHAMPION],
    );
    return rows[0];
  }

  private async moveAlias(
    tx: EntityManager,
    sku: string,
    id: string,
    previous: string | undefined,
    cause: ChampionCause,
    reason: string,
  ): Promise<void> {
    const [v]: Array<StoredVersion> = await tx.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions v WHERE v.model_version_id = $1`,
      [id],
    );
    await tx.query(
      `INSERT INTO aliases (sku, alias, model_version_id) VALUES ($1, $2, $3)
       ON CONFLICT (sku, alias) DO UPDATE SET model_version_id = EXCLUDED.model_version_id, updated_at = now()`,
      [sku, CHAMPION, id],
    );
    await tx.query(
      `INSERT INTO champion_history (sku, model_version_id, previous_model_version_id, cause, reason)
       VALUES ($1, $2, $3, $4, $5)`,
      [sku, id, previous ?? null, cause, reason.slice(0, 500)],
    );
    await enqueue(tx, [
      contractEvent('models.promoted.v1', sku, {
        sku,
        modelVersionId: id,
        modelName: v.model_name,
        alias: CHAMPION,
        trainedAt: v.trained_at,
        runId: v.run_id ?? '',
        backtestSmape: v.backtest.smape ?? 0,
        backtestMase: v.backtest.mase ?? 0,
        backtestWape: v.backtest.wape ?? 0,
        originDate: v.origin_date,
        cause: CAUSE[cause],
        previousModelVersionId: previous ?? '',
      }),
    ]);
  }

  async version(id: string): Promise<StoredVersion | undefined> {
    const rows: StoredVersion[] = await this.db.query(
      `SELECT ${VERSION_COLUMNS}, v.model,
              EXISTS (SELECT 1 FROM aliases a WHERE a.model_version_id = v.model_version_id AND a.alias = $2) AS is_champion
       FROM model_versions v WHERE v.model_version_id = $1`,
      [id, CHAMPION],
    );
    return rows[0];
  }

  /** A SKU's versions, newest first, without the model itself. */
  async versions(sku: string): Promise<StoredVersion[]> {
    return this.db.query(
      `SELECT ${VERSION_COLUMNS},
              EXISTS (SELECT 1 FROM aliases a WHERE a.model_version_id = v.model_version_id AND a.alias = $2) AS is_champion
       FROM model_versions v WHERE v.sku = $1 ORDER BY v.trained_at DESC, v.model_version_id`,
      [sku, CHAMPION],
    );
  }

  /** The champion before the current one: the version the last move of the alias replaced. */
  async previousChampion(sku: string): Promise<{ current: string; previous: string | null } | undefined> {
    const rows: Array<{ current: string; previous: string | null }> = await this.db.query(
      `SELECT a.model_version_id AS current,
              (SELECT h.previous_model_version_id FROM champion_history h
                WHERE h.sku = a.sku AND h.model_version_id = a.model_version_id ORDER BY h.id DESC LIMIT 1) AS previous
         FROM aliases a WHERE a.sku = $1 AND a.alias = $2`,
      [sku, CHAMPION],
    );
    return rows[0];
  }

  /** Champions ordered by SKU, after `afterSku`. */
  async champions(
    afterSku: string,
    limit: number,
  ): Promise<Array<{ sku: string; model_version_id: string }>> {
    return this.db.query(
      `SELECT sku, model_version_id FROM aliases WHERE alias = $1 AND sku > $2 ORDER BY sku LIMIT $3`,
      [CHAMPION, afterSku, limit],
    );
  }
}

/** Inserts a fit as version `id` with its gate decision. */
async function insertVersion(
  q: Pick<EntityManager, 'query'>,
  id: string,
  sku: string,
  trained: TrainedModel,
  runId: string | null,
  gateDecision: string,
): Promise<void> {
  await q.query(
    `INSERT INTO model_versions (model_version_id, sku, model_name, model, frequency, origin_date, run_id, backtest, gate_decision)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      sku,
      trained.modelName,
      JSON.stringify(trained.model),
      trained.frequency,
      trained.originDate,
      runId,
      trained.backtest,
      gateDecision,
    ],
  );
}

/** Serialises gate decisions and alias moves of one SKU (held until the transaction ends). */
async function lockChampion(tx: Pick<EntityManager, 'query'>, sku: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('champion:' || $1))`, [sku]);
}

/** A gate decision as `gate_decision` records it. */
function verdictOf(d: { promote: boolean; reason: string }): string {
  return `${d.promote ? 'promoted' : 'challenger'}: ${d.reason}`;
}
