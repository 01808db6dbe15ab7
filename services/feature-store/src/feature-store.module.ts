import { Module } from '@nestjs/common';
import { DailySeriesConsumer } from './daily-series/daily-series.consumer';
import { DailySeriesRepository } from './daily-series/daily-series.repository';
import { DailySeriesService } from './daily-series/daily-series.service';
import { FeatureController } from './features-api/feature.controller';
import { FeaturesService } from './features-api/features.service';

/** consumer / controller (validate + map) → service (logic) → repository (all SQL). */
@Module({
  providers: [
    DailySeriesConsumer,
    DailySeriesService,
    DailySeriesRepository,
    FeatureController,
    FeaturesService,
  ],
})
export class FeatureStoreModule {}
