import { Module } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { CONFIG, connect } from '@salescast/platform';
import { ChampionCache, TRAINING_CLIENT } from './champions/champion-cache';
import { PredictionConfig } from './config';
import { ForecastController } from './forecasts-api/forecast.controller';

@Module({
  providers: [
    ChampionCache,
    ForecastController,
    {
      provide: TRAINING_CLIENT,
      inject: [CONFIG],
      useFactory: (c: PredictionConfig) => connect(api.TrainingServiceClient, c.TRAINING_SERVICE_ADDR),
    },
  ],
})
export class PredictionModule {}
