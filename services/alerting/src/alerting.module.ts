import { Module } from '@nestjs/common';
import { AccuracyRepository } from './accuracy/accuracy.repository';
import { AccuracyService } from './accuracy/accuracy.service';
import { ActualsConsumer } from './accuracy/actuals.consumer';
import { ForecastsConsumer } from './accuracy/forecasts.consumer';
import { AlertsRepository } from './alerts/alerts.repository';
import { AlertsService } from './alerts/alerts.service';
import { CatalogRepository } from './catalog/catalog.repository';
import { SkusConsumer } from './catalog/skus.consumer';
import { ChampionsConsumer } from './drift/champions.consumer';
import { DriftRepository } from './drift/drift.repository';
import { DriftService } from './drift/drift.service';
import { MonitoringController } from './monitoring-api/monitoring.controller';

@Module({
  providers: [
    AccuracyRepository,
    AccuracyService,
    DriftRepository,
    DriftService,
    CatalogRepository,
    AlertsRepository,
    AlertsService,
    ForecastsConsumer,
    ActualsConsumer,
    ChampionsConsumer,
    SkusConsumer,
    MonitoringController,
  ],
})
export class AlertingModule {}
