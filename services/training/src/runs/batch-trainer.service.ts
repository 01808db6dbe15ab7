import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { api, events } from '@salescast/contracts';
import { LOGGER, METRICS, Metrics } from '@salescast/platform';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { BusinessContext } from '../business-context/business-context';
import { ModelRegistryService } from '../registry/model-registry.service';
import { MODEL_TRAINER, ModelTrainer, TrainingSeries } from '../trainer/trainer.port';
import { FEATURE_CLIENT } from './training-runner';
import { groupHistoryFor, SkuAdjustments } from '@salescast/forecasting';
import { adjusted } from './adjusted-fit';
import { RunReconciler } from './run-reconciler';
import { PanelContext, RunsRepository } from './runs.repository';
import { fetchTrainingSeries, isPermanent } from './training-series';

/** This process, as recorded on the batches it fits. */
export const REPLICA = `${hostname()}:${process.pid}`;

/**
 * Fits one batch of a run (a `training.jobs.v1` event), with the global model's paths the run's panel stage
 * fitted for its SKUs (TrainingRunner), if any: each SKU at most once per run — SKUs that
 * already have a model version of the run (an earlier delivery fitted them before its replica died)
 * are skipped — records each SKU's forecast for the run's reconciliation, then marks the batch done; after
 * the last batch, the run is reconciled and finished (RunReconciler). A feature store that does not answer is
 * a transient error: the batch is retried, then redelivered.
 */
@Injectable()
export class BatchTrainer implements OnModuleDestroy {
  private readonly trainedTotal;
  private readonly batchSeconds;

  constructor(
    private readonly runs: RunsRepository,
    private readonly registry: ModelRegistryService,
    private readonly reconciler: RunReconciler,
    private readonly context: BusinessContext,
    @Inject(MODEL_TRAINER) private readonly trainer: ModelTrainer,
    @Inject(FEATURE_CLIENT) private readonly features: api.FeatureServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.trainedTotal = metrics.counter('salescast_training_skus_total', 'SKUs trained, by outcome', [
      'outcome',
    ]);
    this.batchSeconds = metrics.histogram(
      'salescast_training_batch_seconds',
      'Seconds to fetch, train and store one batch of SKUs',
      [],
      [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    );
  }

  /**
   * The last run's hierarchy context, whether it is reconciled at its end (then its fits are stored ungated, for
   * the run's end to gate and adjust) and, for a run that is not, its SKUs' adjustments after the engine; read
   * once per run rather than once per batch.
   */
  private panelCache?: {
    runId: string;
    panel: Promise<RunPanel>;
  };

  private panelOf(runId: string): Promise<RunPanel> {
    if (this.panelCache?.runId !== runId) {
      const panel = Promise.all([this.runs.panelContext(runId), this.runs.reconciled(runId)]).then(
        async ([context, reconciled]) => ({
          context,
          reconciled,
          adjustments: reconciled ? {} : await this.runs.adjustments(runId),
        }),
      );
      this.panelCache = { runId, panel };
      panel.catch(() => (this.panelCache = undefined));
    }
    return this.panelCache.panel;
  }

  async onModuleDestroy(): Promise<void> {
    await this.trainer.close();
  }

  async fit(job: events.TrainingJobRequested, heartbeat: () => void): Promise<void> {
    const { runId, batchIndex } = job;
    const log = this.logger.child({ runId, batch: batchIndex });
    if (await this.runs.batchDone(runId, batchIndex)) {
      log.info('batch already done (redelivered): skipped');
      // the replica that fitted the last batch may have died before finishing the run
      const waiting = await this.runs.awaitsFinish(runId);
      if (waiting) await this.reconciler.finish(waiting, heartbeat);
      return;
    }
    const end = this.batchSeconds.startTimer();
    const fitted = await this.runs.fittedSkus(runId, job.skus);
    const todo = job.skus.filter((s) => !fitted.has(s));
    const [events_, master] = [await this.context.events(), await this.context.skus()];
    const series: TrainingSeries[] = [];
    let failed = 0;
    for (const sku of todo) {
      heartbeat();
      try {
        series.push(await fetchTrainingSeries(this.features, sku, job.asOf, events_, master));
      } catch (e) {
        if (!isPermanent(e)) throw e;
        failed++;
        this.trainedTotal.inc({ outcome: 'failed' });
        log.warn({ sku, err: (e as Error).message }, 'cannot fetch series');
      }
    }
    const global = await this.runs.globalPaths(
      runId,
      series.map((s) => s.sku),
    );
    const { context: panel, reconciled, adjustments } = await this.panelOf(runId);
    for (const s of series) {
      s.globalForecasts = global.get(s.sku);
      const group = panel?.groups[s.category ?? ''];
      if (group)
        s.group = groupHistoryFor(group, { id: s.sku, freq: 'daily', start: s.start, y: s.quantities });
      if (panel) s.closedWeekdays = panel.closedWeekdays;
      if (panel?.promotionPrior) s.promotionPrior = panel.promotionPrior;
    }
    const beat = setInterval(heartbeat, 2000);
    let results;
    try {
      results = series.length ? await this.trainer.train(series) : [];
    } finally {
      clearInterval(beat);
    }
    // each fitted SKU's forecast, for the run's reconciliation once its last batch is done (RunReconciler)
    if (reconciled)
      await this.runs.storeSkuForecasts(
        runId,
        results.flatMap((r, k) =>
          r instanceof Error
            ? []
            : [{ sku: series[k].sku, category: series[k].category ?? '', mean: r.forecast }],
        ),
      );
    for (let k = 0; k < results.length; k++) {
      const r = results[k];
      const sku = series[k].sku;
      if (r instanceof Error) {
        failed++;
        this.trainedTotal.inc({ outcome: 'failed' });
        log.warn({ sku, err: r.message }, 'sku training failed');
        continue;
      }
      // the champion/challenger gate decides whether the new fit becomes champion: now, or once the run is
      // reconciled (RunReconciler), which gates what will serve
      if (reconciled) await this.registry.recordPending(sku, r, runId);
      else await this.registry.recordFit(sku, adjusted(r, adjustments[sku]), runId);
      this.trainedTotal.inc({ outcome: 'ok' });
    }
    const done = (await this.runs.fittedSkus(runId, job.skus)).size;
    const last = await this.runs.completeBatch(runId, batchIndex, {
      done,
      failed: job.skus.length - done,
      fittedBy: REPLICA,
    });
    end();
    log.info(
      { skus: job.skus.length, fitted: todo.length - failed, skipped: fitted.size, failed },
      'batch done',
    );
    if (last) await this.reconciler.finish(last, heartbeat);
  }
}

interface RunPanel {
  context?: PanelContext;
  reconciled: boolean;
  adjustments: Record<string, SkuAdjustments>;
}
