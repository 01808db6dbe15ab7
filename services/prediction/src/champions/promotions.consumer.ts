import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_CONSUMER, EventConsumerPort, topicSubscription } from '@salescast/platform';
import { hostname } from 'node:os';
import { ChampionCache } from './champion-cache';

/**
 * `models.promoted.v1` → the new champions in memory (and, through the cache's listeners, their
 * forecasts published). Every replica hears every promotion (its own consumer group, from the
 * latest offset); it subscribes first and loads the registry second, so a promotion in between is
 * seen by one or the other.
 */
@Injectable()
export class PromotionsConsumer implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    private readonly champions: ChampionCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('models.promoted.v1', {
        groupId: `prediction.champions.${hostname()}.${process.pid}`,
        fromBeginning: false,
        handle: (batch) => this.champions.promoted(batch.map((e) => e.value)),
      }),
    );
    await this.champions.loadWithRetry();
  }
}
