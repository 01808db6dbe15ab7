import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { KafkajsEventBus, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { GatewayConfig } from './config';
import { EventsController } from './events/events.controller';
import { LiveEventsConsumer } from './events/live-events.consumer';
import { BusinessEventsController } from './business-events/business-events.controller';
import { ForecastsController } from './forecasts/forecasts.controller';
import { GatewayHealthController } from './health.controller';
import { ModelsController } from './models/models.controller';
import { MonitoringController } from './monitoring/monitoring.controller';
import { ReorderController } from './reorder/reorder.controller';
import { SkusController } from './skus/skus.controller';
import { GATEWAY_BUS, GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_METRICS } from './tokens';
import { UpstreamService } from './upstream/upstream.service';

export interface GatewayRuntime {
  config: GatewayConfig;
  logger: Logger;
  metrics: Metrics;
  bus: KafkajsEventBus;
}

@Module({})
export class GatewayModule {
  static forRoot(rt: GatewayRuntime): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        GatewayHealthController,
        AuthController,
        SkusController,
        ForecastsController,
        MonitoringController,
        ModelsController,
        ReorderController,
        BusinessEventsController,
        EventsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: rt.config },
        { provide: GATEWAY_LOGGER, useValue: rt.logger },
        { provide: GATEWAY_METRICS, useValue: rt.metrics },
        { provide: GATEWAY_BUS, useValue: rt.bus },
        AuthService,
        { provide: APP_GUARD, useClass: AuthGuard },
        UpstreamService,
        LiveEventsConsumer,
      ],
    };
  }
}
