import { Module } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { CONFIG, connect } from '@salescast/platform';
import { ChampionCache, TRAINING_CLIENT } from './champions/champion-cache';
import { PredictionConfig } from './config';
import { ForecastController } from './forecasts-api/forecast.controller';
import { REORDER_PROVIDERS } from './reorder/reorder.providers';

@Module({
  providers: [
    ChampionCache,
    ForecastController,
    ...REORDER_PROVIDERS,
    {
      provide: TRAINING_CLIENT,
      inject: [CONFIG],
      useFactory: (c: PredictionConfig) => connect(api.TrainingServiceClient, c.TRAINING_SERVICE_ADDR),
    },
  ],
})
export class PredictionModule {}
