import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { HORIZON_BUCKETS } from '@salescast/monitoring';
import { GrpcServiceBinding, invalidArgument, LOGGER, METRICS, Metrics, notFound, unary } from '@salescast/platform';
import type { Logger } from 'pino';
import { AccuracyService } from '../accuracy/accuracy.service';
import { AlertsService } from '../alerts/alerts.service';

const orZero = (v: number) => (Number.isFinite(v) ? v : 0);

/** MonitoringService over gRPC: validates and maps; the figures come from AccuracyService and AlertsService. */
@Injectable()
export class MonitoringController {
  constructor(
    private readonly accuracy: AccuracyService,
    private readonly alerts: AlertsService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async getAccuracy(req: api.GetAccuracyRequest): Promise<api.GetAccuracyResponse> {
    const sku = req.sku?.trim() ?? '';
    if (req.horizonBucket && !(HORIZON_BUCKETS as readonly string[]).includes(req.horizonBucket))
      throw invalidArgument('horizon_bucket', `want one of ${HORIZON_BUCKETS.join(', ')} (got '${req.horizonBucket}')`);
    if (req.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(req.month))
      throw invalidArgument('month', `want YYYY-MM (got '${req.month}')`);
    if (sku && (req.category || req.topSkus || req.horizonBucket || req.month))
      throw invalidArgument('sku', 'a SKU is scored as a whole: leave category, top_skus, horizon_bucket and month empty');
    if (req.category && req.topSkus) throw invalidArgument('top_skus', 'not with a category');
    const a = await this.accuracy.accuracy({
      sku,
      category: req.category ?? '',
      topSkus: !!req.topSkus,
      horizonBucket: req.horizonBucket ?? '',
      month: req.month ?? '',
    });
    if (!a) throw notFound(`no forecasts for SKU '${sku}'`);
    if (req.category && a.points === 0) throw notFound(`no scored forecasts for category '${req.category}'`);
    return {
      sku,
      mape: orZero(a.mape / 100),
      wape: orZero(a.wape / 100),
      directionalAccuracy: orZero(a.directionalAccuracy),
      points: a.points,
      rmse: orZero(a.rmse),
      mae: orZero(a.mae),
      coverage80: orZero(a.coverage80),
    };
  }

  async listAlerts(req: api.ListAlertsRequest): Promise<api.ListAlertsResponse> {
    if (req.limit > 10_000) throw invalidArgument('limit', 'at most 10000');
    const rows = await this.alerts.list({ openOnly: !!req.openOnly, sku: req.sku ?? '', limit: req.limit || 100 });
    return {
      alerts: rows.map((r) => ({
        alertId: r.alert_id,
        kind: r.kind,
        scope: r.scope,
        scopeKey: r.scope_key,
        severity: r.severity,
        metric: r.metric,
        value: r.value,
        threshold: r.threshold,
        detail: r.detail,
        raisedAt: r.raised_at,
        resolvedAt: r.resolved_at ?? undefined,
      })),
    };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.MonitoringServiceServer = {
      getAccuracy: unary('GetAccuracy', (r) => this.getAccuracy(r), deps),
      listAlerts: unary('ListAlerts', (r) => this.listAlerts(r), deps),
    };
    return {
      name: 'salescast.api.v1.MonitoringService',
      definition: api.MonitoringServiceService,
      implementation: impl,
    };
  }
}
