import { Inject, Injectable } from '@nestjs/common';
import {
  adjustedFactors,
  factorsReason,
  reconciliationFactors,
  withAdjustments,
} from '@salescast/forecasting';
import { LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { ModelRegistryService, RunFactors } from '../registry/model-registry.service';
import { PanelAggregates, RunRow, RunsRepository } from './runs.repository';

/** A factor within this of 1 at every step leaves the SKU's fit as it is. */
const UNCHANGED = 1e-9;

/**
 * A run's last step, after its last batch: reconciles the SKUs it fitted with their categories and the total as
 * the CLI's hierarchy does (libs/forecasting `reconciliationFactors`: a noisy SKU borrows its category's level,
 * by at most MAX_RECONCILIATION_FACTOR), multiplies in the adjustments the panel stage learned (run-down, launch
 * ramp, price change: libs/forecasting `withAdjustments`, as the CLI applies them after its reconciliation),
 * gates them, then finishes the run.
 *
 * The batches of a reconciled run (RunsRepository.reconciled: a run over every SKU whose panel stage forecast the
 * categories) store their fits ungated and record each SKU's forecast from the run's origin; the panel stage
 * stored the categories' and the total's own forecasts. Here each SKU whose factors are not all 1 gets a new
 * version, its fit wrapped as `reconciled` with them; the champion/challenger gate then judges the fit's backtest
 * and promotes that version (or the fit itself where nothing changed). So the champion moves once per SKU and
 * run, to the forecasts that will serve. If the factors cannot be computed (logged), the fits are gated as
 * they are. Finishing is idempotent: a redelivered last batch whose replica died before the end finishes the
 * run again, gating what is still pending.
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
      'SKU fits gated at the end of a run, by whether the reconciliation with their category changed them',
      ['outcome'],
    );
    // both series exist from the start (0 until a reconciled run ends), so a dashboard never shows "no data"
    for (const outcome of ['reconciled', 'unchanged']) this.reconciled.inc({ outcome }, 0);
  }

  /** Reconciles and gates `run` (all its batches done), then finishes it; returns the run if this call finished it. */
  async finish(run: RunRow, heartbeat: () => void = () => undefined): Promise<RunRow | undefined> {
    const log = this.logger.child({ runId: run.run_id });
    // a run that is not reconciled gated its fits batch by batch: nothing is pending
    const aggregates = await this.runs.aggregates(run.run_id);
    if (aggregates) await this.reconcile(run.run_id, aggregates, log, heartbeat);
    const finished = await this.runs.finishRun(run.run_id);
    if (finished)
      log.info(
        { status: finished.status, done: finished.skus_done, failed: finished.skus_failed },
        'training run finished',
      );
    return finished;
  }

  /** Gates every pending fit of the run, each reconciled by its factors where they are not all 1. */
  private async reconcile(
    runId: string,
    aggregates: PanelAggregates,
    log: Logger,
    heartbeat: () => void,
  ): Promise<void> {
    let factors = new Map<string, RunFactors>();
    try {
      factors = await this.factors(runId, aggregates, log);
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'reconciliation failed: the fits are gated as they are');
    }
    const pending = await this.registry.pendingSkus(runId);
    let promoted = 0;
    for (let i = 0; i < pending.length; i++) {
      if (i % 50 === 0) heartbeat();
      const f = factors.get(pending[i]);
      const gated = await this.registry.gateRunFit(pending[i], runId, f);
      if (!gated) continue;
      if (gated.decision.promote) promoted++;
      this.reconciled.inc({ outcome: f ? 'reconciled' : 'unchanged' });
    }
    log.info(
      { gated: pending.length, reconciled: pending.filter((s) => factors.has(s)).length, promoted },
      'run reconciled with its categories and gated',
    );
  }

  /** Each SKU's factors and what they do, for those not all 1. */
  private async factors(
    runId: string,
    aggregates: PanelAggregates,
    log: Logger,
  ): Promise<Map<string, RunFactors>> {
    const out = new Map<string, RunFactors>();
    const horizon = aggregates.total.length;
    const forecasts = (await this.runs.skuForecasts(runId)).filter((f) => f.mean.length === horizon);
    if (forecasts.length === 0) return out;
    const adjusted = await this.runs.adjustments(runId);
    const factors = reconciliationFactors({
      skus: forecasts.map((f) => ({ group: f.category, mean: f.mean })),
      groups: new Map(Object.entries(aggregates.groups)),
      total: aggregates.total,
      freq: 'daily',
    });
    forecasts.forEach((f, i) => {
      // the adjustments apply to the SKU's reconciled forecast (the launch ramp less the growth it already has)
      const adjustments = adjusted[f.sku];
      const reconciled = f.mean.map((m, k) => m * factors[i][k]);
      const adjusting = adjustments ? adjustedFactors(reconciled, adjustments) : undefined;
      const combined = withAdjustments(factors[i], adjusting);
      if (combined.some((v) => Math.abs(v - 1) >= UNCHANGED))
        out.set(f.sku, {
          factors: combined,
          reason: factorsReason(factors[i], adjustments, reconciled, UNCHANGED) || 'reconciled',
        });
    });
    log.info(
      {
        skus: forecasts.length,
        changed: out.size,
        adjusted: Object.keys(adjusted).length,
      },
      'reconciliation factors computed',
    );
    return out;
  }
}
