import { Inject, Injectable } from '@nestjs/common';
import { contractEvent, DATA_SOURCE, enqueue, OUTBOX, OutboxRelay } from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
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
}

export const CHAMPION = 'champion';

/**
 * The model registry: immutable versions, movable aliases. Storing a version, moving `champion` to it
 * and announcing `models.promoted.v1` happen in one transaction.
 */
@Injectable()
export class ModelRegistryRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  async storeAndPromote(sku: string, trained: TrainedModel, runId: string | null): Promise<string> {
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const [{ trained_at }] = await tx.query(
        `INSERT INTO model_versions (model_version_id, sku, model_name, model, frequency, origin_date, run_id, backtest)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING trained_at`,
        [
          id,
          sku,
          trained.modelName,
          JSON.stringify(trained.model),
          trained.frequency,
          trained.originDate,
          runId,
          trained.backtest,
        ],
      );
      await tx.query(
        `INSERT INTO aliases (sku, alias, model_version_id) VALUES ($1, $2, $3)
         ON CONFLICT (sku, alias) DO UPDATE SET model_version_id = EXCLUDED.model_version_id, updated_at = now()`,
        [sku, CHAMPION, id],
      );
      await enqueue(tx, [
        contractEvent('models.promoted.v1', sku, {
          sku,
          modelVersionId: id,
          modelName: trained.modelName,
          alias: CHAMPION,
          trainedAt: trained_at,
          runId: runId ?? '',
          backtestSmape: trained.backtest.smape ?? 0,
          backtestMase: trained.backtest.mase ?? 0,
          backtestWape: trained.backtest.wape ?? 0,
        } as never),
      ]);
    });
    this.outbox.poke();
    return id;
  }

  async version(id: string): Promise<StoredVersion | undefined> {
    const rows: StoredVersion[] = await this.db.query(
      `SELECT model_version_id, sku, model_name, model, frequency, to_char(origin_date, 'YYYY-MM-DD') AS origin_date,
              trained_at, run_id, backtest
       FROM model_versions WHERE model_version_id = $1`,
      [id],
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
