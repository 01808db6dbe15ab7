import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { KafkajsEventBus, Metrics, topicSubscription } from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { Observable, Subject } from 'rxjs';
import { GatewayConfig } from '../config';
import { GATEWAY_BUS, GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_METRICS } from '../tokens';
import { alertNotice, forecastNotice, LiveEvent } from './live-events';

/**
 * Feeds the browsers' event stream from Kafka: forecasts.published.v1 and monitoring.alerts.v1.
 * Every replica has consumer groups of its own (prefix-host-uuid), so each sees every event; a new
 * group starts at the latest offset (the page loads the current state over REST).
 */
@Injectable()
export class LiveEventsConsumer implements OnApplicationBootstrap {
  private readonly subject = new Subject<LiveEvent>();
  readonly groupBase: string;
  private readonly pushed;

  constructor(
    @Inject(GATEWAY_BUS) private readonly bus: KafkajsEventBus,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_METRICS) private readonly metrics: Metrics,
  ) {
    this.groupBase = `${config.GATEWAY_GROUP_PREFIX}-${hostname()}-${randomUUID().slice(0, 8)}`;
    this.pushed = metrics.counter(
      'salescast_gateway_live_events_total',
      'Events pushed to browsers by type',
      ['type'],
    );
  }

  get groups(): string[] {
    return [`${this.groupBase}-forecasts`, `${this.groupBase}-alerts`];
  }

  get events$(): Observable<LiveEvent> {
    return this.subject.asObservable();
  }

  private emit(e: LiveEvent): void {
    this.pushed.inc({ type: e.type });
    this.subject.next(e);
  }

  async onApplicationBootstrap(): Promise<void> {
    const [forecasts, alerts] = this.groups;
    await this.bus.subscribe(
      topicSubscription('forecasts.published.v1', {
        groupId: forecasts,
        fromBeginning: false,
        handle: async (batch) => batch.forEach((m) => this.emit(forecastNotice(m.value))),
      }),
    );
    await this.bus.subscribe(
      topicSubscription('monitoring.alerts.v1', {
        groupId: alerts,
        fromBeginning: false,
        handle: async (batch) => batch.forEach((m) => this.emit(alertNotice(m.value))),
      }),
    );
    this.logger.info({ groups: this.groups }, 'live events: subscribed');
  }

  /** True once both consumer groups have joined (so an event published now reaches the browsers). */
  async joined(): Promise<boolean> {
    const m = this.metrics.registry.getSingleMetric('salescast_kafka_consumer_rebalances_total');
    if (!m) return false;
    const values = (await m.get()).values;
    return this.groups.every((g) => values.some((v) => v.labels.group === g && v.value > 0));
  }
}
