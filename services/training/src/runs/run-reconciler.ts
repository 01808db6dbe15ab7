import { Inject, Injectable } from '@nestjs/common';
import { reconciliationFactors } from '@salescast/forecasting';
import { LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { ModelRegistryService } from '../registry/model-registry.service';
import { RunRow, RunsRepository } from './runs.repository';

/** A factor within this of 1 at every step leaves the SKU's version as it is. */
const UNCHANGED = 1e-9;

/**
 * A run's last step, after its last batch: reconciles the SKUs it fitted with their categories and the total as
 * the CLI's hierarchy does (libs/forecasting `reconciliationFactors`: a noisy SKU borrows its category's level,
 * by at most MAX_RECONCILIATION_FACTOR), then finishes the run. The batches recorded each SKU's forecast from
 * the run's origin, the panel stage the categories' and the total's own forecasts; each SKU whose factors are
 * not all 1 gets a new version, its model wrapped as `reconciled` with them, which takes over as champion where
 * the run's own version is the champion (a challenger's reconciliation stays a challenger).
 *
 * Only a run over every SKU of the store is reconciled: a run of named SKUs (a drift trigger) holds too few of
 * a category's SKUs for their sum to mean anything against the category's forecast, and keeps its fits as they
 * are. A reconciliation that fails is logged; the run still finishes, with the fits unreconciled. Finishing is
 * idempotent: a redelivered last batch whose replica died before finishing finishes the run again.
 */
@Injectable()
export class RunReconciler {
  private readonly reconciled;

  constructor(
    private readonly runs: RunsRepository,
    private readonly registry: ModelRegistryService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.reconciled = metrics.counter(
      'salescast_training_reconciled_skus_total',
      'SKU versions reconciled with their category at the end of a run, by whether they became champion',
      ['outcome'],
    );
  }

  /** Reconciles `run` (all its batches done), then finishes it; returns the run if this call finished it. */
  async finish(run: RunRow, heartbeat: () => void = () => undefined): Promise<RunRow | undefined> {
    const log = this.logger.child({ runId: run.run_id });
    try {
      await this.reconcile(run, log, heartbeat);
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'reconciliation failed: the run keeps its fits unreconciled');
    }
    const finished = await this.runs.finishRun(run.run_id);
    if (finished)
      log.info(
        { status: finished.status, done: finished.skus_done, failed: finished.skus_failed },
        'training run finished',
      );
    return finished;
  }

  private async reconcile(run: RunRow, log: Logger, heartbeat: () => void): Promise<void> {
    if (run.skus.length > 0) {
      log.info(
        { skus: run.skus.length },
        'a run of named SKUs is not reconciled (it holds part of a category)',
      );
      return;
    }
    const aggregates = await this.runs.aggregates(run.run_id);
    if (!aggregates) {
      log.info('no forecasts of the categories from the panel stage: the run is not reconciled');
      return;
    }
    const horizon = aggregates.total.length;
    const forecasts = (await this.runs.skuForecasts(run.run_id)).filter((f) => f.mean.length === horizon);
    if (forecasts.length === 0) return;
    const factors = reconciliationFactors({
      skus: forecasts.map((f) => ({ group: f.category, mean: f.mean })),
      groups: new Map(Object.entries(aggregates.groups)),
      total: aggregates.total,
      block: 7,
    });
    let promoted = 0;
    let challengers = 0;
    for (let i = 0; i < forecasts.length; i++) {
      if (factors[i].every((f) => Math.abs(f - 1) < UNCHANGED)) continue;
      if (i % 50 === 0) heartbeat();
      const stored = await this.registry.recordReconciled(forecasts[i].sku, run.run_id, factors[i]);
      if (!stored) continue;
      if (stored.promoted) promoted++;
      else challengers++;
      this.reconciled.inc({ outcome: stored.promoted ? 'champion' : 'challenger' });
    }
    log.info(
      { skus: forecasts.length, reconciled: promoted + challengers, champions: promoted },
      'run reconciled with its categories',
    );
  }
}
