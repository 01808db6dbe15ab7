import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { api, events } from '@salescast/contracts';
import { call, contractEvent, LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { BusinessContext } from '../business-context/business-context';
import { MODEL_TRAINER, ModelTrainer, TrainingSeries } from '../trainer/trainer.port';
import { jobKey, splitBatches } from './run-batches';
import { PanelStage, RunRow, RunsRepository } from './runs.repository';
import { fetchTrainingSeries, isPermanent } from './training-series';
import { SCHEDULE_REASON } from './schedule';

export const FEATURE_CLIENT = Symbol('FEATURE_CLIENT');

/** Series fetched at once by the panel stage. */
const FETCH_CONCURRENCY = 8;

const REASONS: Array<[RegExp, events.TrainingReason]> = [
  [new RegExp(`^${SCHEDULE_REASON}`), events.TrainingReason.TRAINING_REASON_SCHEDULE],
  [/drift/i, events.TrainingReason.TRAINING_REASON_DRIFT],
  [/accuracy/i, events.TrainingReason.TRAINING_REASON_ACCURACY],
];

/**
 * Starts training runs and splits them: lists the SKUs (FeatureService), fixes the last observed day
 * every batch trains on, fits what is learnt across SKUs once (the panel stage: the global model on every
 * SKU of the store, whose paths are stored with the run for the batches to read), and plans the run as SKU
 * batches on `training.jobs.v1` (batches, paths and events in one transaction). The replicas' consumer group fits them (training-jobs.consumer),
 * so N replicas fit a run about N times faster. A run created but not planned (the process died in
 * between) is planned at the next start of any replica.
 */
@Injectable()
export class TrainingRunner implements OnApplicationBootstrap {
  private queue: Promise<void> = Promise.resolve();
  private readonly panelSeconds;

  constructor(
    private readonly runs: RunsRepository,
    @Inject(MODEL_TRAINER) private readonly trainer: ModelTrainer,
    @Inject(FEATURE_CLIENT) private readonly features: api.FeatureServiceClient,
    private readonly context: BusinessContext,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.panelSeconds = metrics.histogram(
      'salescast_training_panel_seconds',
      "Seconds of a run's panel stage (fetching every SKU, the global model, the hierarchy's context), by outcome",
      ['outcome'],
      [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const run of await this.runs.queued()) this.enqueue(run);
  }

  /** A scheduled run over every SKU, unless the last scheduled run is still going (then undefined, logged). */
  async startScheduled(reason: string): Promise<RunRow | undefined> {
    const run = await this.runs.createScheduled(reason);
    if (!run) {
      this.logger.info(
        { reason },
        'schedule tick skipped: the last scheduled run is still queued or running',
      );
      return undefined;
    }
    this.enqueue(run);
    return run;
  }

  async start(skus: string[], reason: string): Promise<RunRow> {
    const run = await this.runs.create(skus, reason);
    this.enqueue(run);
    return run;
  }

  /** Plans runs one after another, in the background of the call that started them. */
  private enqueue(run: RunRow): void {
    this.queue = this.queue.then(() => this.plan(run)).catch(() => undefined);
  }

  private async listAllSkus(): Promise<string[]> {
    const skus: string[] = [];
    let pageToken = '';
    do {
      const page = await call(this.features, this.features.listSkus, { pageSize: 5000, pageToken });
      skus.push(...page.skus);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return skus;
  }

  /** The store's last day (every batch trains on history up to it), from the first SKU's series. */
  private async asOf(sku: string): Promise<string> {
    const s = await call(this.features, this.features.getDailySeries, { sku, fromDate: '', toDate: '' });
    if (!s.startDate || s.quantities.length === 0) return '';
    const d = new Date(`${s.startDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + s.quantities.length - 1);
    return d.toISOString().slice(0, 10);
  }

  private async plan(run: RunRow): Promise<void> {
    const log = this.logger.child({ runId: run.run_id });
    try {
      const skus = run.skus.length ? run.skus : await this.listAllSkus();
      const batches = splitBatches(skus, this.trainer.batchSize);
      const asOf = skus.length ? await this.asOf(skus[0]).catch(() => '') : '';
      const reason =
        REASONS.find(([re]) => re.test(run.reason))?.[1] ?? events.TrainingReason.TRAINING_REASON_MANUAL;
      const jobs = batches.map((batch, i) => {
        const key = jobKey(run.run_id, i);
        return contractEvent('training.jobs.v1', key, {
          runId: run.run_id,
          skus: batch,
          asOf,
          reason,
          batchIndex: i,
          batchCount: batches.length,
        });
      });
      const panel = await this.panelStage(skus, asOf, run.skus.length === 0, log);
      if (await this.runs.plan(run.run_id, batches, jobs, panel))
        log.info(
          {
            skus: skus.length,
            batches: batches.length,
            asOf,
            reason: run.reason,
            globalPaths: panel.paths.size,
          },
          'training run planned',
        );
    } catch (e) {
      const msg = (e as Error).message;
      log.error({ err: msg }, 'training run could not be planned');
      await this.runs.finish(run.run_id, 'FAILED', msg).catch(() => undefined);
    }
  }

  /**
   * The run's panel stage: every SKU of the store up to `asOf` (not only the run's: a drift run of three SKUs
   * borrows from all of them), from which the trainer fits the global model once, on its worker pool, and
   * derives the hierarchy's context (each category's history, the shop's closed weekdays), and for a run over every
   * SKU forecasts each category and the total, with which the run is reconciled at its end (RunReconciler);
   * returns the paths of the run's SKUs, that context and those forecasts. A stage that fails is logged and the run goes on without them: its
   * batches then fit each SKU alone, as they would on a panel too small to pool.
   */
  private async panelStage(
    skus: string[],
    asOf: string,
    everySku: boolean,
    log: Logger,
  ): Promise<PanelStage> {
    const none: PanelStage = { paths: new Map() };
    if (!asOf || skus.length === 0) return none;
    const end = this.panelSeconds.startTimer();
    try {
      const panel = everySku ? skus : await this.listAllSkus();
      const [events_, master] = [await this.context.events(), await this.context.skus()];
      const series: TrainingSeries[] = [];
      for (let i = 0; i < panel.length; i += FETCH_CONCURRENCY) {
        const got = await Promise.allSettled(
          panel
            .slice(i, i + FETCH_CONCURRENCY)
            .map((sku) => fetchTrainingSeries(this.features, sku, asOf, events_, master)),
        );
        for (const g of got)
          if (g.status === 'fulfilled') series.push(g.value);
          else if (!isPermanent(g.reason)) throw g.reason;
      }
      // a run over every SKU is reconciled at its end: it needs the categories' own forecasts
      const fit = await this.trainer.fitPanel(series, { aggregates: everySku });
      log.info(
        {
          skus: series.length,
          groups: fit.groups.size,
          closedWeekdays: fit.closedWeekdays,
          adjusted: fit.adjustments.size,
        },
        'panel stage: hierarchy context computed',
      );
      if (fit.boosters > 0)
        log.info(
          {
            skus: series.length,
            boosters: fit.boosters,
            origins: fit.origins,
            seconds: Number(fit.seconds.toFixed(1)),
          },
          'panel stage: global model fitted',
        );
      end({ outcome: 'ok' });
      if (fit.aggregatesError)
        log.warn(
          { err: fit.aggregatesError },
          'panel stage: the categories could not be forecast; no reconciliation',
        );
      const wanted = new Set(skus);
      const groups = Object.fromEntries(fit.groups);
      return {
        paths: new Map([...fit.paths].filter(([sku]) => wanted.has(sku))),
        context: {
          closedWeekdays: fit.closedWeekdays,
          groups,
          ...(fit.promotionPrior && { promotionPrior: fit.promotionPrior }),
        },
        adjustments: Object.fromEntries([...fit.adjustments].filter(([sku]) => wanted.has(sku))),
        ...(fit.aggregates && {
          aggregates: { groups: Object.fromEntries(fit.aggregates.groups), total: fit.aggregates.total },
        }),
      };
    } catch (e) {
      end({ outcome: 'failed' });
      log.warn({ err: (e as Error).message }, 'panel stage failed: the batches fit each SKU alone');
      return none;
    }
  }
}
