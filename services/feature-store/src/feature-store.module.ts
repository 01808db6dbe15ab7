import { Module } from '@nestjs/common';
import { DailySeriesHandler } from './daily-series/daily-series.handler';
import { FeatureController } from './features-api/feature.controller';

@Module({ providers: [DailySeriesHandler, FeatureController] })
export class FeatureStoreModule {}
