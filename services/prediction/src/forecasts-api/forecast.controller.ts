import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { Bucket } from '@salescast/forecasting';
import { GrpcServiceBinding, LOGGER, METRICS, Metrics, serverStream, unary } from '@salescast/platform';
import type { Logger } from 'pino';
import { PUBLISHED_LEVELS } from '../config';
import { EncodedForecasts } from './encoded-responses';
import { ForecastQueryService, noForecast, SkuForecast } from './forecast-query.service';
import {
  encodePageToken,
  ForecastView,
  GRANULARITY_ENUM,
  parseBatchRequest,
  parseForecastRequest,
  parseListRequest,
  parseView,
} from './forecast-request';

const toPoints = (buckets: Bucket[]): api.ForecastPoint[] =>
  buckets.map((b) => ({ date: b.start, endDate: b.end, days: b.days, mean: b.mean, intervals: b.intervals }));

/**
 * ForecastService over gRPC: validates and maps; ForecastQueryService answers from the published
 * snapshots in memory. Scopes: every RPC needs `forecasts:read` (RPC_SCOPES in @salescast/contracts).
 */
@Injectable()
export class ForecastController {
  /** One SKU's response per snapshot and view, encoded once (snapshots are immutable). */
  private readonly encoded = new EncodedForecasts();

  constructor(
    private readonly forecasts: ForecastQueryService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  getForecast(req: api.GetForecastRequest): api.GetForecastResponse {
    const q = parseForecastRequest(req, this.forecasts.maxHorizon, PUBLISHED_LEVELS);
    return this.cachedResponse(q.sku, q) ?? noForecast(q.sku);
  }

  batchGetForecasts(req: api.BatchGetForecastsRequest): api.BatchGetForecastsResponse {
    const { skus, view } = parseBatchRequest(req, this.forecasts.maxHorizon, PUBLISHED_LEVELS);
    const forecasts: api.GetForecastResponse[] = [];
    const notFound: string[] = [];
    for (const sku of skus) {
      const f = this.cachedResponse(sku, view);
      if (f) forecasts.push(f);
      else notFound.push(sku);
    }
    return { forecasts, notFound };
  }

  async listForecasts(
    req: api.ListForecastsRequest,
    send: (page: api.ListForecastsResponse) => Promise<void>,
  ): Promise<void> {
    const q = parseListRequest(req, this.forecasts.maxHorizon, PUBLISHED_LEVELS);
    const skus = this.forecasts.skus(q.category, q.after);
    for (let i = 0; i < skus.length || i === 0; i += q.pageSize) {
      const page = skus.slice(i, i + q.pageSize);
      const forecasts = page.flatMap((sku) => {
        const f = this.cachedResponse(sku, q.view);
        return f ? [f] : [];
      });
      const last = i + q.pageSize >= skus.length;
      await send({ forecasts, nextPageToken: last ? '' : encodePageToken(page[page.length - 1]) });
      if (last) break;
    }
  }

  getAggregateForecast(req: api.GetAggregateForecastRequest): api.GetAggregateForecastResponse {
    const view = parseView(req, this.forecasts.maxHorizon, PUBLISHED_LEVELS);
    const a = this.forecasts.aggregate(req.category || undefined, view);
    return {
      category: a.category,
      method: api.AggregationMethod.AGGREGATION_METHOD_SUM_OF_SKUS,
      skuCount: a.skuCount,
      skusLeftOut: a.skusLeftOut,
      originDate: a.originDate,
      points: toPoints(a.buckets),
      granularity: GRANULARITY_ENUM[view.granularity],
      note:
        'Sum of the SKUs’ forecasts (bottom-up) until the engine’s reconciled hierarchy is available; ' +
        'interval bounds are the sums of the SKUs’ bounds (errors taken as fully correlated: conservative).',
    };
  }

  /** The SKU's response for this view from the cache (built and encoded on a miss); undefined without a snapshot. */
  private cachedResponse(sku: string, v: ForecastView): api.GetForecastResponse | undefined {
    const snapshot = this.forecasts.snapshotOf(sku);
    if (!snapshot) return undefined;
    const key = `${snapshot.snapshotId}|${this.forecasts.categoryOf(sku)}|${v.horizon}|${v.granularity}|${v.levels.join(',')}`;
    return this.encoded.get(key, () => this.toResponse(this.forecasts.get(sku, v), v));
  }

  private toResponse(f: SkuForecast, v: ForecastView): api.GetForecastResponse {
    const s = f.snapshot;
    return {
      sku: s.sku,
      modelVersionId: s.modelVersionId,
      modelName: s.modelName,
      originDate: s.originDate,
      points: toPoints(f.buckets),
      snapshotId: s.snapshotId,
      publishedAt: s.publishedAt,
      category: f.category,
      granularity: GRANULARITY_ENUM[v.granularity],
    };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.ForecastServiceServer = {
      getForecast: unary('GetForecast', async (r) => this.getForecast(r), deps),
      batchGetForecasts: unary('BatchGetForecasts', async (r) => this.batchGetForecasts(r), deps),
      listForecasts: serverStream('ListForecasts', (r, send) => this.listForecasts(r, send), deps),
      getAggregateForecast: unary('GetAggregateForecast', async (r) => this.getAggregateForecast(r), deps),
    };
    return {
      name: 'salescast.api.v1.ForecastService',
      definition: this.encoded.definition(),
      implementation: impl,
    };
  }
}
