import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { api, events } from '@salescast/contracts';
import { defaultRegistry, FittedModel, ModelRegistry, SerializedModel } from '@salescast/forecasting';
import {
  call,
  EVENT_CONSUMER,
  EventConsumerPort,
  IncomingEvent,
  LOGGER,
  METRICS,
  Metrics,
  topicSubscription,
} from '@salescast/platform';
import { hostname } from 'node:os';
import type { Logger } from 'pino';

export const TRAINING_CLIENT = Symbol('TRAINING_CLIENT');

export interface Champion {
  sku: string;
  modelVersionId: string;
  modelName: string;
  originDate: string;
  model: FittedModel;
}

/**
 * The champions in memory: loaded from the registry (TrainingService) at start, swapped on
 * `models.promoted.v1`. Every replica consumes every promotion (its own consumer group).
 */
@Injectable()
export class ChampionCache implements OnApplicationBootstrap {
  private readonly champions = new Map<string, Champion>();
  private readonly registry: ModelRegistry = defaultRegistry();
  private readonly loaded;

  constructor(
    @Inject(TRAINING_CLIENT) private readonly training: api.TrainingServiceClient,
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.loaded = metrics.gauge('salescast_prediction_champions_loaded', 'Champion models held in memory');
  }

  async onApplicationBootstrap(): Promise<void> {
    // subscribe first (from the latest offset), then load: a promotion in between is seen by both
    await this.consumer.subscribe(
      topicSubscription('models.promoted.v1', {
        groupId: `prediction.champions.${hostname()}.${process.pid}`,
        fromBeginning: false,
        handle: (batch) => this.onPromoted(batch),
      }),
    );
    await this.loadWithRetry();
  }

  /** The registry may start after us: keep trying in the background instead of failing start-up. */
  private async loadWithRetry(attempt = 1): Promise<void> {
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
  }

  private async onPromoted(batch: IncomingEvent<events.ModelPromoted>[]): Promise<void> {
    const latest = new Map<string, events.ModelPromoted>();
    for (const e of batch) if (e.value.alias === 'champion') latest.set(e.value.sku, e.value);
    for (const p of latest.values()) await this.load(p.modelVersionId);
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
