import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { BaseConfig } from '../config/config';
import { OutboxRelay } from '../db/outbox';
import { KafkajsEventBus } from '../kafka/kafkajs-event-bus';
import { EVENT_CONSUMER, EVENT_PRODUCER } from '../kafka/ports';
import { Metrics } from '../metrics/metrics';
import { HealthController } from './health.controller';
import { CONFIG, DATA_SOURCE, EVENT_BUS, LOGGER, METRICS, OUTBOX } from './tokens';

export interface ServiceRuntime<C extends BaseConfig = BaseConfig> {
  config: C;
  logger: Logger;
  metrics: Metrics;
  db: DataSource;
  bus: KafkajsEventBus;
  outbox: OutboxRelay;
}

/** Binds the runtime objects created by `runService` to DI tokens, for every module of the service. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(rt: ServiceRuntime): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: rt.config },
      { provide: LOGGER, useValue: rt.logger },
      { provide: METRICS, useValue: rt.metrics },
      { provide: DATA_SOURCE, useValue: rt.db },
      { provide: EVENT_BUS, useValue: rt.bus },
      { provide: EVENT_PRODUCER, useValue: rt.bus },
      { provide: EVENT_CONSUMER, useValue: rt.bus },
      { provide: OUTBOX, useValue: rt.outbox },
    ];
    return {
      module: PlatformModule,
      controllers: [HealthController],
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
