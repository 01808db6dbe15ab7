import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { GrpcServiceBinding, invalidArgument, LOGGER, METRICS, Metrics, unary } from '@salescast/platform';
import type { Logger } from 'pino';
import { FeaturesService } from './features.service';

const DATE = /^(19|2\d)\d{2}-\d{2}-\d{2}$/;
/** A real calendar day between 1900 and 2999 (PostgreSQL would reject 2024-02-30 as an internal error). */
const isDay = (v: string) =>
  DATE.test(v) && new Date(Date.parse(`${v}T00:00:00Z`) || 0).toISOString().slice(0, 10) === v;
const MAX_PAGE = 10_000;

/** FeatureService over gRPC: validates requests (INVALID_ARGUMENT naming the field) and maps them. */
@Injectable()
export class FeatureController {
  constructor(
    private readonly features: FeaturesService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async getDailySeries(req: api.GetDailySeriesRequest): Promise<api.GetDailySeriesResponse> {
    if (!req.sku) throw invalidArgument('sku', 'required');
    for (const [field, v] of [
      ['from_date', req.fromDate],
      ['to_date', req.toDate],
    ] as const)
      if (v && !isDay(v)) throw invalidArgument(field, `want a YYYY-MM-DD date (got '${v}')`);
    if (req.fromDate && req.toDate && req.fromDate > req.toDate)
      throw invalidArgument('from_date', `after to_date (${req.fromDate} > ${req.toDate})`);
    const s = await this.features.dailySeries(req.sku, req.fromDate || undefined, req.toDate || undefined);
    return {
      sku: s.sku,
      startDate: s.start,
      quantities: s.quantities,
      revenues: s.revenues,
      returnedQuantities: s.returned,
    };
  }

  async listSkus(req: api.ListSkusRequest): Promise<api.ListSkusResponse> {
    if (req.pageSize < 0) throw invalidArgument('page_size', `want >= 0 (got ${req.pageSize})`);
    const page = await this.features.skus(req.pageToken ?? '', Math.min(req.pageSize || 1000, MAX_PAGE));
    return { skus: page.skus, nextPageToken: page.next };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.FeatureServiceServer = {
      getDailySeries: unary('GetDailySeries', (r) => this.getDailySeries(r), deps),
      listSkus: unary('ListSkus', (r) => this.listSkus(r), deps),
    };
    return {
      name: 'salescast.api.v1.FeatureService',
      definition: api.FeatureServiceService,
      implementation: impl,
    };
  }
}
