import { Inject, Injectable } from '@nestjs/common';
import { api, events } from '@salescast/contracts';
import { defaultRegistry, FittedModel, ModelRegistry, SerializedModel } from '@salescast/forecasting';
import { call, LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';

export const TRAINING_CLIENT = Symbol('TRAINING_CLIENT');

export interface Champion {
  sku: string;
  modelVersionId: string;
  modelName: string;
  originDate: string;
  model: FittedModel;
}

/** Told which SKUs got a new champion (after a promotion, or at start for every champion loaded). */
export type ChampionsListener = (skus: string[], atStart: boolean) => void;

/**
 * The champions in memory: loaded from the registry (TrainingService) at start, swapped on
 * `models.promoted.v1` (PromotionsConsumer). Listeners (the publication) hear of every change.
 */
@Injectable()
export class ChampionCache {
  private readonly champions = new Map<string, Champion>();
  private readonly registry: ModelRegistry = defaultRegistry();
  private readonly loaded;
  private readonly listeners: ChampionsListener[] = [];

  constructor(
    @Inject(TRAINING_CLIENT) private readonly training: api.TrainingServiceClient,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.loaded = metrics.gauge('salescast_prediction_champions_loaded', 'Champion models held in memory');
  }

  onChange(listener: ChampionsListener): void {
    this.listeners.push(listener);
  }

  /** Every champion's SKU. */
  skus(): string[] {
    return [...this.champions.keys()];
  }

  /** The registry may start after us: keep trying in the background instead of failing start-up. */
  async loadWithRetry(attempt = 1): Promise<void> {
    try {
      await this.loadAll();
    } catch (e) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      this.logger.warn({ err: (e as Error).message, retryInMs: delay }, 'cannot load champions yet');
      setTimeout(() => void this.loadWithRetry(attempt + 1), delay).unref();
    }
  }

  get(sku: string): Champion | undefined {
    return this.champions.get(sku);
  }

  get size(): number {
    return this.champions.size;
  }

  async loadAll(): Promise<void> {
    let pageToken = '';
    let n = 0;
    do {
      const page = await call(this.training, this.training.listChampions, { pageSize: 1000, pageToken });
      for (const c of page.champions) {
        if (this.champions.get(c.sku)?.modelVersionId === c.modelVersionId) continue;
        await this.load(c.modelVersionId);
        n++;
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    this.logger.info({ loaded: n, total: this.champions.size }, 'champions loaded');
    for (const l of this.listeners) l(this.skus(), true);
  }

  /** Loads the champions of a batch of promotions (the last one per SKU) and tells the listeners. */
  async promoted(promotions: events.ModelPromoted[]): Promise<void> {
    const latest = new Map<string, events.ModelPromoted>();
    for (const p of promotions) if (p.alias === 'champion') latest.set(p.sku, p);
    for (const p of latest.values()) await this.load(p.modelVersionId);
    if (latest.size > 0) for (const l of this.listeners) l([...latest.keys()], false);
  }

  private async load(modelVersionId: string): Promise<void> {
    const { version } = await call(this.training, this.training.getModelVersion, { modelVersionId });
    if (!version) throw new Error(`registry returned no version for ${modelVersionId}`);
    const model = this.registry.fromJSON(JSON.parse(version.modelJson) as SerializedModel);
    const previous = this.champions.get(version.sku);
    this.champions.set(version.sku, {
      sku: version.sku,
      modelVersionId: version.modelVersionId,
      modelName: version.modelName,
      originDate: version.originDate,
      model,
    });
    previous?.model.free?.();
    this.loaded.set(this.champions.size);
  }
}
