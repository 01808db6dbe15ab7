import { Inject, Injectable } from '@nestjs/common';
import { contractEvent, OUTBOX, OutboxRelay } from '@salescast/platform';
import { planFromForecast, PlanParameters, ReorderPlan } from '@salescast/planning';
import { randomUUID } from 'node:crypto';
import { FORECAST_SOURCE, ForecastSource } from './forecast-source';
import { ReorderRepository } from './reorder.repository';

/** Forecast days a plan reads: the CLI's default horizon, so that both read the same forecast (beyond it the last 28 days repeat). */
export const PLAN_HORIZON_DAYS = 62;
export const DEFAULT_SERVICE_LEVEL = 0.95;
export const DEFAULT_REVIEW_DAYS = 7;

export interface ServicePlan extends Omit<ReorderPlan, 'status'> {
  status: ReorderPlan['status'] | 'no forecast';
  serviceLevel: number;
  forecastId: string;
  forecastOriginDate: string;
}

export interface PlanOptions {
  serviceLevel?: number;
  reviewDays?: number;
}

const ORDER_STATUSES = new Set<ServicePlan['status']>(['order now', 'order later']);

/**
 * Reorder planning in the prediction service: each SKU's forecast (ForecastSource), its stock and supply
 * terms (the module's own copies) → the plan of @salescast/planning, the same code the CLI runs. Plans
 * with an order to place are announced on `reorder.proposed.v1` through the outbox, once per change.
 */
@Injectable()
export class ReorderService {
  constructor(
    private readonly repository: ReorderRepository,
    @Inject(FORECAST_SOURCE) private readonly forecasts: ForecastSource,
    @Inject(OUTBOX) private readonly outbox: OutboxRelay,
  ) {}

  skusOfSupplier(supplier: string): Promise<string[]> {
    return this.repository.skusOfSupplier(supplier);
  }

  async plans(skus: readonly string[], options: PlanOptions): Promise<ServicePlan[]> {
    const parameters: PlanParameters = {
      serviceLevel: options.serviceLevel || DEFAULT_SERVICE_LEVEL,
      defaultReviewDays: options.reviewDays || DEFAULT_REVIEW_DAYS,
    };
    const [terms, stock] = await Promise.all([this.repository.termsFor(skus), this.repository.inventoryFor(skus)]);
    const out: ServicePlan[] = [];
    for (const sku of skus) {
      const forecast = await this.forecasts.forecast(sku, PLAN_HORIZON_DAYS);
      const t = terms.get(sku);
      const s = stock.get(sku);
      if (!forecast) {
        out.push(noForecast(sku, t?.supplier ?? '', s, parameters.serviceLevel));
        continue;
      }
      const plan = planFromForecast({ forecast, terms: t, stock: s, parameters });
      out.push({
        ...plan,
        serviceLevel: parameters.serviceLevel,
        forecastId: forecast.forecastId,
        forecastOriginDate: forecast.originDate,
      });
    }
    return out;
  }

  /** Plans the SKUs and announces those with an order to place whose proposal changed. Returns the plans. */
  async planAndPropose(skus: readonly string[], options: PlanOptions): Promise<ServicePlan[]> {
    const plans = await this.plans(skus, options);
    const proposals = plans
      .filter((p) => ORDER_STATUSES.has(p.status))
      .map((p) => {
        const proposalId = randomUUID();
        return {
          sku: p.sku,
          proposalId,
          fingerprint: [p.status, p.orderQuantity, p.orderBy, p.asOf, p.forecastId, p.serviceLevel, p.supplier].join('|'),
          plan: p,
          event: contractEvent('reorder.proposed.v1', p.sku, {
            proposalId,
            sku: p.sku,
            supplier: p.supplier,
            status: p.status,
            orderQuantity: p.orderQuantity,
            orderByDate: p.orderBy,
            reorderPoint: p.reorderPoint,
            safetyStock: p.safetyStock,
            stockoutRisk: p.stockoutRisk,
            serviceLevel: p.serviceLevel,
            asOfDate: p.asOf,
            forecastId: p.forecastId,
            proposedAt: new Date(),
          }),
        };
      });
    const announced = await this.repository.propose(proposals);
    if (announced.length) this.outbox.poke();
    return plans;
  }
}

function noForecast(
  sku: string,
  supplier: string,
  stock: { asOf: string; onHand: number; onOrder: number } | undefined,
  serviceLevel: number,
): ServicePlan {
  return {
    sku,
    supplier,
    status: 'no forecast',
    asOf: stock?.asOf ?? '',
    leadTimeDays: 0,
    reviewDays: 0,
    moq: 0,
    packSize: 1,
    onHand: stock?.onHand ?? 0,
    onOrder: stock?.onOrder ?? 0,
    inventoryPosition: (stock?.onHand ?? 0) + (stock?.onOrder ?? 0),
    protectionDemand: 0,
    reorderPoint: 0,
    safetyStock: 0,
    orderQuantity: 0,
    orderBy: '',
    stockoutRisk: 0,
    stockoutRiskWithoutOrder: 0,
    serviceLevel,
    forecastId: '',
    forecastOriginDate: '',
  };
}
