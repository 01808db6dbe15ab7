import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { addPeriods } from '@salescast/forecasting';
import {
  CONFIG,
  contractEvent,
  DATA_SOURCE,
  enqueue,
  GrpcServiceBinding,
  LOGGER,
  METRICS,
  Metrics,
  notFound,
  OUTBOX,
  OutboxRelay,
  unary,
} from '@salescast/platform';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ChampionCache } from '../champions/champion-cache';
import { PredictionConfig } from '../config';
import { parseForecastRequest } from './forecast-request';

/**
 * ForecastService over gRPC: the champion's forecast for a SKU with intervals. Each answer is recorded
 * and announced on `forecasts.issued.v1` (one transaction, via the outbox) so that alerting can score it.
 */
@Injectable()
export class ForecastController {
  constructor(
    private readonly champions: ChampionCache,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
    @Inject(CONFIG) private readonly config: PredictionConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async getForecast(req: api.GetForecastRequest): Promise<api.GetForecastResponse> {
    const q = parseForecastRequest(req, this.config.MAX_HORIZON_DAYS);
    const champion = this.champions.get(q.sku);
    if (!champion) throw notFound(`no model for sku '${q.sku}' (unknown SKU, or not trained yet)`);
    const f = champion.model.predict(q.horizon, q.levels);
    const points: api.ForecastPoint[] = f.mean.map((mean, i) => ({
      date: addPeriods(champion.originDate, 'daily', i + 1),
      mean: Math.max(0, mean),
      intervals: q.levels
        .filter((l) => f.intervals[l])
        .map((level) => ({
          level,
          lower: Math.max(0, f.intervals[level].lower[i]),
          upper: Math.max(0, f.intervals[level].upper[i]),
        })),
    }));
    const forecastId = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO issued_forecasts (forecast_id, sku, model_version_id, origin_date, horizon_days, points)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [forecastId, q.sku, champion.modelVersionId, champion.originDate, q.horizon, JSON.stringify(points)],
      );
      await enqueue(tx, [
        contractEvent('forecasts.issued.v1', q.sku, {
          forecastId,
          sku: q.sku,
          modelVersionId: champion.modelVersionId,
          issuedAt: new Date(),
          originDate: champion.originDate,
          points,
        }),
      ]);
    });
    this.outbox.poke();
    return {
      sku: q.sku,
      modelVersionId: champion.modelVersionId,
      modelName: champion.modelName,
      originDate: champion.originDate,
      points,
    };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.ForecastServiceServer = {
      getForecast: unary('GetForecast', (r) => this.getForecast(r), deps),
    };
    return {
      name: 'salescast.api.v1.ForecastService',
      definition: api.ForecastServiceService,
      implementation: impl,
    };
  }
}
