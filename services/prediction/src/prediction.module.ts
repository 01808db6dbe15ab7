import { Module } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { CONFIG, connect } from '@salescast/platform';
import { ActualsConsumer } from './actuals/actuals.consumer';
import { ActualsRepository } from './actuals/actuals.repository';
import { CatalogService } from './catalog/catalog.service';
import { CategoriesRepository } from './catalog/categories.repository';
import { SkusConsumer } from './catalog/skus.consumer';
import { ChampionCache, TRAINING_CLIENT } from './champions/champion-cache';
import { PromotionsConsumer } from './champions/promotions.consumer';
import { PredictionConfig } from './config';
import { ForecastQueryService } from './forecasts-api/forecast-query.service';
import { ForecastController } from './forecasts-api/forecast.controller';
import { PublicationService } from './snapshots/publication.service';
import { SnapshotStore } from './snapshots/snapshot-store';
import { SnapshotsRepository } from './snapshots/snapshots.repository';

@Module({
  providers: [
    ChampionCache,
    PromotionsConsumer,
    ActualsRepository,
    ActualsConsumer,
    CategoriesRepository,
    CatalogService,
    SkusConsumer,
    SnapshotsRepository,
    SnapshotStore,
    PublicationService,
    ForecastQueryService,
    ForecastController,
    {
      provide: TRAINING_CLIENT,
      inject: [CONFIG],
      useFactory: (c: PredictionConfig) => connect(api.TrainingServiceClient, c.TRAINING_SERVICE_ADDR),
    },
  ],
})
export class PredictionModule {}
