import { Inject, Injectable } from '@nestjs/common';
import { gate, GateDecision } from '@salescast/monitoring';
import { CONFIG, LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { TrainingConfig } from '../config';
import { TrainedModel } from '../trainer/trainer.port';
import { ModelRegistryRepository, RunFactors, StoredVersion } from './model-registry.repository';

export type { RunFactors } from './model-registry.repository';

export class RegistryError extends Error {
  constructor(
    readonly kind: 'not_found' | 'precondition',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The registry's rules: a new fit passes the champion/challenger gate (its backtest error not worse
 * than the champion's by more than TRAINING_GATE_MARGIN) to become champion, else it stays a
 * challenger; operators promote any version or roll back to the previous champion.
 */
@Injectable()
export class ModelRegistryService {
  private readonly decisions;
  private readonly changes;

  constructor(
    private readonly repo: ModelRegistryRepository,
    @Inject(CONFIG) private readonly config: TrainingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.decisions = metrics.counter(
      'salescast_training_gate_decisions_total',
      'Champion/challenger gate decisions on new fits',
      ['decision'],
    );
    this.changes = metrics.counter(
      'salescast_training_champion_changes_total',
      'Moves of a SKU champion alias, by cause (gate, manual, rollback)',
      ['cause'],
    );
  }

  /** Stores a new fit and lets the gate decide whether it becomes champion. */
  async recordFit(
    sku: string,
    trained: TrainedModel,
    runId: string | null,
  ): Promise<{ id: string; decision: GateDecision }> {
    const r = await this.repo.storeGated(sku, trained, runId, (champion) =>
      gate(trained.backtest, champion?.backtest, this.config.TRAINING_GATE_MARGIN),
    );
    return this.counted(sku, r);
  }

  /** Counts and logs a gate decision. */
  private counted<R extends { id: string; decision: GateDecision }>(
    sku: string,
    r: R,
    reconciled?: boolean,
  ): R {
    this.decisions.inc({ decision: r.decision.promote ? 'promoted' : 'challenger' });
    if (r.decision.promote) this.changes.inc({ cause: 'gate' });
    this.logger.info(
      {
        sku,
        modelVersionId: r.id,
        promoted: r.decision.promote,
        reason: r.decision.reason,
        ...(reconciled !== undefined && { reconciled }),
      },
      'gate decision',
    );
    return r;
  }

  /** Stores a fit of a run that is reconciled at its end, where it is gated (gateRunFit). */
  recordPending(sku: string, trained: TrainedModel, runId: string): Promise<string> {
    return this.repo.storePending(sku, trained, runId);
  }

  /** The SKUs whose fit of run `runId` waits for the run's end to be gated. */
  pendingSkus(runId: string): Promise<string[]> {
    return this.repo.pendingSkus(runId);
  }

  /**
   * Gates run `runId`'s pending fit of `sku`, reconciled by its run's `factors` when given (stored as a new version, which
   * is what the gate promotes); the gate judges the fit's backtest as recordFit does. Undefined when there is
   * nothing pending (gated already).
   */
  async gateRunFit(
    sku: string,
    runId: string,
    factors: RunFactors | undefined,
  ): Promise<{ id: string; decision: GateDecision } | undefined> {
    const r = await this.repo.gateRunVersion(sku, runId, factors, (fit, champion) =>
      gate(fit.backtest, champion?.backtest, this.config.TRAINING_GATE_MARGIN),
    );
    return r && this.counted(sku, r, !!factors);
  }

  async promote(
    versionId: string,
    reason: string,
  ): Promise<{ champion: StoredVersion; previous: string | undefined }> {
    const v = await this.repo.version(versionId);
    if (!v) throw new RegistryError('not_found', `no model version '${versionId}'`);
    if (v.is_champion)
      throw new RegistryError('precondition', `version '${versionId}' already is the champion of ${v.sku}`);
    const { previous } = await this.repo.moveChampion(v.sku, versionId, 'manual', reason);
    this.changes.inc({ cause: 'manual' });
    this.logger.info(
      { sku: v.sku, modelVersionId: versionId, previous, reason },
      'champion promoted by hand',
    );
    return { champion: { ...v, is_champion: true }, previous };
  }

  async rollback(sku: string, reason: string): Promise<{ champion: StoredVersion; previous: string }> {
    const p = await this.repo.previousChampion(sku);
    if (!p) throw new RegistryError('not_found', `SKU '${sku}' has no champion`);
    if (!p.previous)
      throw new RegistryError('precondition', `SKU '${sku}' has no earlier champion to roll back to`);
    await this.repo.moveChampion(sku, p.previous, 'rollback', reason);
    this.changes.inc({ cause: 'rollback' });
    this.logger.info({ sku, modelVersionId: p.previous, from: p.current, reason }, 'champion rolled back');
    const v = (await this.repo.version(p.previous))!;
    return { champion: v, previous: p.current };
  }

  versions(sku: string): Promise<StoredVersion[]> {
    return this.repo.versions(sku);
  }

  version(id: string): Promise<StoredVersion | undefined> {
    return this.repo.version(id);
  }

  champions(afterSku: string, limit: number) {
    return this.repo.champions(afterSku, limit);
  }
}
