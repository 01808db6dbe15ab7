import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import {
  DATA_SOURCE,
  GrpcServiceBinding,
  invalidArgument,
  LOGGER,
  METRICS,
  Metrics,
  notFound,
  unary,
} from '@salescast/platform';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { densify, StoredDay } from '../daily-series/densify';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PAGE = 10_000;

/** FeatureService over gRPC: a SKU's dense daily series, and the list of known SKUs. */
@Injectable()
export class FeatureController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async getDailySeries(req: api.GetDailySeriesRequest): Promise<api.GetDailySeriesResponse> {
    if (!req.sku) throw invalidArgument('sku', 'required');
    for (const [field, v] of [
      ['from_date', req.fromDate],
      ['to_date', req.toDate],
    ] as const)
      if (v && !DATE.test(v)) throw invalidArgument(field, `want YYYY-MM-DD (got '${v}')`);
    if (req.fromDate && req.toDate && req.fromDate > req.toDate)
      throw invalidArgument('from_date', `after to_date (${req.fromDate} > ${req.toDate})`);
    const rows: StoredDay[] = await this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, quantity, revenue, returned_quantity AS "returnedQuantity"
       FROM daily_series WHERE sku = $1
         AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date)
       ORDER BY day`,
      [req.sku, req.fromDate || null, req.toDate || null],
    );
    if (rows.length === 0) {
      const [{ known }] = await this.db.query(
        `SELECT EXISTS (SELECT 1 FROM daily_series WHERE sku = $1) AS known`,
        [req.sku],
      );
      if (!known) throw notFound(`no sales known for sku '${req.sku}'`);
    }
    // without to_date, every SKU's series ends on the store's last day (zeros after its last sale)
    const toDate = req.toDate || (await this.lastDay());
    const s = densify(rows, req.fromDate || undefined, toDate);
    return {
      sku: req.sku,
      startDate: s.start,
      quantities: s.quantities,
      revenues: s.revenues,
      returnedQuantities: s.returned,
    };
  }

  private async lastDay(): Promise<string | undefined> {
    const [{ last }] = await this.db.query(
      `SELECT to_char(max(day), 'YYYY-MM-DD') AS last FROM daily_series`,
    );
    return last ?? undefined;
  }

  async listSkus(req: api.ListSkusRequest): Promise<api.ListSkusResponse> {
    if (req.pageSize < 0) throw invalidArgument('page_size', `want >= 0 (got ${req.pageSize})`);
    const size = Math.min(req.pageSize || 1000, MAX_PAGE);
    const rows: Array<{ sku: string }> = await this.db.query(
      `SELECT DISTINCT sku FROM daily_series WHERE sku > $1 ORDER BY sku LIMIT $2`,
      [req.pageToken ?? '', size + 1],
    );
    const skus = rows.slice(0, size).map((r) => r.sku);
    return { skus, nextPageToken: rows.length > size ? skus[skus.length - 1] : '' };
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
