import { Injectable } from '@nestjs/common';
import { BusinessEventRecord, eventApplies } from '@salescast/forecasting';
import { BusinessContextRepository, SkuMasterRow } from './business-context.repository';

/**
 * What the business knows about its own history (shutdowns, reopenings, promotions) and each SKU's
 * category, handed to each fit: the shutdown is data the models mask, not a pattern. Kept from
 * `erp.business-events.v1` and `erp.skus.v1` by BusinessContextConsumer.
 */
@Injectable()
export class BusinessContext {
  constructor(private readonly repo: BusinessContextRepository) {}

  /** Every known business event, as the engine takes them. */
  events(): Promise<BusinessEventRecord[]> {
    return this.repo.events();
  }

  /**
   * The events that cover a SKU (scope all, its category, or itself) or a category (all, or it);
   * every event when neither is given.
   */
  async eventsCovering(of: { sku?: string; category?: string }): Promise<BusinessEventRecord[]> {
    const all = await this.repo.events();
    if (of.sku) {
      const category = await this.repo.categoryOf(of.sku);
      return all.filter((e) => eventApplies(e, of.sku as string, category));
    }
    if (of.category)
      return all.filter((e) => !e.scope.startsWith('sku:') && eventApplies(e, '', of.category));
    return all;
  }

  /** Each SKU's category and planned end of sale (erp.skus.v1). */
  skus(): Promise<Map<string, SkuMasterRow>> {
    return this.repo.skus();
  }
}
