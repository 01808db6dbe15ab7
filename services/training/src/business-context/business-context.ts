import { Injectable } from '@nestjs/common';
import { BusinessEventRecord } from '@salescast/forecasting';
import { BusinessContextRepository } from './business-context.repository';

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

  categories(): Promise<Map<string, string>> {
    return this.repo.categories();
  }
}
