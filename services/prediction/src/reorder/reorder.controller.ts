import { Inject, Injectable } from '@nestjs/common';
import { api } from '@salescast/contracts';
import { GrpcServiceBinding, LOGGER, METRICS, Metrics, notFound, unary } from '@salescast/platform';
import type { Logger } from 'pino';
import { parseReorderRequest } from './reorder-request';
import { ReorderService, ServicePlan } from './reorder.service';

/** ReorderService over gRPC: validates, asks the service, maps the plans onto the contract. */
@Injectable()
export class ReorderController {
  constructor(
    private readonly reorder: ReorderService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  async getReorderPlan(req: api.GetReorderPlanRequest): Promise<api.GetReorderPlanResponse> {
    const q = parseReorderRequest(req);
    let skus = q.skus;
    if (!skus) {
      skus = await this.reorder.skusOfSupplier(q.supplier as string);
      if (!skus.length) throw notFound(`no SKUs with supplier '${q.supplier}' in the supply terms`);
    }
    const plans = await this.reorder.planAndPropose(skus, q);
    return { plans: plans.map(toContract) };
  }

  binding(): GrpcServiceBinding {
    const deps = { logger: this.logger, metrics: this.metrics };
    const impl: api.ReorderServiceServer = {
      getReorderPlan: unary('GetReorderPlan', (r) => this.getReorderPlan(r), deps),
    };
    return { name: 'salescast.api.v1.ReorderService', definition: api.ReorderServiceService, implementation: impl };
  }
}

function toContract(p: ServicePlan): api.ReorderPlan {
  return {
    sku: p.sku,
    supplier: p.supplier,
    status: p.status,
    asOfDate: p.asOf,
    leadTimeDays: p.leadTimeDays,
    reviewDays: p.reviewDays,
    moq: p.moq,
    packSize: p.packSize,
    onHand: p.onHand,
    onOrder: p.onOrder,
    protectionDemand: p.protectionDemand,
    reorderPoint: p.reorderPoint,
    safetyStock: p.safetyStock,
    orderQuantity: p.orderQuantity,
    orderByDate: p.orderBy,
    stockoutRisk: p.stockoutRisk,
    stockoutRiskWithoutOrder: p.stockoutRiskWithoutOrder,
    serviceLevel: p.serviceLevel,
    forecastId: p.forecastId,
    forecastOriginDate: p.forecastOriginDate,
  };
}
