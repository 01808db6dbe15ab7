import { Injectable } from '@nestjs/common';
import { lastByKey } from '../last-by-key';
import { SupplyTermsRepository, SupplyTermsRow } from './supply-terms.repository';

/** Keeps each SKU's terms per supplier as the ERP last sent them. */
@Injectable()
export class SupplyTermsService {
  constructor(private readonly repo: SupplyTermsRepository) {}

  upsert(rows: SupplyTermsRow[]): Promise<void> {
    return this.repo.upsert(lastByKey(rows, (t) => `${t.sku}\u0000${t.supplier}`));
  }
}
