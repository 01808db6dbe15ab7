import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { call, LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { BusinessContext } from '../business-context/business-context';
import { ModelRegistryService } from '../registry/model-registry.service';
import { MODEL_TRAINER, ModelTrainer, TrainingSeries } from '../trainer/trainer.port';
import { RunRow, RunsRepository } from './runs.repository';

export const FEATURE_CLIENT = Symbol('FEATURE_CLIENT');

/**
 * Executes training runs one at a time: lists the SKUs (FeatureService), fetches each SKU's series,
 * trains it through the ModelTrainer seam, stores a version and moves `champion` (one transaction per
 * SKU). Runs survive a restart: unfinished ones are resumed at start (already-promoted SKUs are
 * simply trained again, which is harmless).
 */
@Injectable()
export class TrainingRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly trainedTotal;
  private readonly fitSeconds;

  constructor(
    private readonly runs: RunsRepository,
    private readonly registry: ModelRegistryService,
    private readonly context: BusinessContext,
    @Inject(MODEL_TRAINER) private readonly trainer: ModelTrainer,
    @Inject(FEATURE_CLIENT) private readonly features: api.FeatureServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.trainedTotal = metrics.counter('salescast_training_skus_total', 'SKUs trained, by outcome', [
      'outcome',
    ]);
    this.fitSeconds = metrics.histogram(
      'salescast_training_batch_seconds',
      'Seconds to fetch, train and store one batch of SKUs',
      [],
      [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const run of await this.runs.unfinished()) this.enqueue(run);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.queue;
    await this.trainer.close();
  }

  async start(skus: string[], reason: string): Promise<RunRow> {
    const run = await this.runs.create(skus, reason);
    this.enqueue(run);
    return run;
  }

  private enqueue(run: RunRow): void {
    this.queue = this.queue.then(() => this.execute(run)).catch(() => undefined);
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

  private async execute(run: RunRow): Promise<void> {
    const log = this.logger.child({ runId: run.run_id });
    try {
      const skus = run.skus.length ? run.skus : await this.listAllSkus();
      await this.runs.start(run.run_id, skus.length);
      log.info({ skus: skus.length, reason: run.reason }, 'training run started');
      const [events, categories] = [await this.context.events(), await this.context.categories()];
      let done = 0;
      let failed = 0;
      for (let i = 0; i < skus.length; i += this.trainer.batchSize) {
        if (this.stopping) throw new Error('service stopping; run will resume at next start');
        const batch = skus.slice(i, i + this.trainer.batchSize);
        const end = this.fitSeconds.startTimer();
        const series: TrainingSeries[] = [];
        for (const sku of batch) {
          try {
            const s = await call(this.features, this.features.getDailySeries, {
              sku,
              fromDate: '',
              toDate: '',
            });
            if (s.quantities.length === 0) throw new Error('no history');
            series.push({
              sku,
              start: s.startDate,
              quantities: s.quantities,
              events,
              category: categories.get(sku),
            });
          } catch (e) {
            failed++;
            this.trainedTotal.inc({ outcome: 'failed' });
            log.warn({ sku, err: (e as Error).message }, 'cannot fetch series');
          }
        }
        const results = series.length ? await this.trainer.train(series) : [];
        for (let k = 0; k < results.length; k++) {
          const r = results[k];
          const sku = series[k].sku;
          try {
            if (r instanceof Error) throw r;
            await this.registry.recordFit(sku, r, run.run_id);
            done++;
            this.trainedTotal.inc({ outcome: 'ok' });
          } catch (e) {
            failed++;
            this.trainedTotal.inc({ outcome: 'failed' });
            log.warn({ sku, err: (e as Error).message }, 'sku training failed');
          }
        }
        end();
        await this.runs.progress(run.run_id, done, failed);
      }
      const ok = done > 0 || skus.length === 0;
      await this.runs.finish(run.run_id, ok ? 'SUCCEEDED' : 'FAILED', ok ? '' : 'every SKU failed');
      log.info({ done, failed }, 'training run finished');
    } catch (e) {
      const msg = (e as Error).message;
      if (this.stopping) {
        log.warn({ err: msg }, 'training run interrupted');
        return;
      }
      log.error({ err: msg }, 'training run failed');
      await this.runs.finish(run.run_id, 'FAILED', msg);
    }
  }
}
