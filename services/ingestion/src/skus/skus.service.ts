import { Injectable } from '@nestjs/common';
import { lastByKey } from '../last-by-key';
import { SkuRow, SkusRepository } from './skus.repository';

/** Keeps the SKU master as the ERP last sent it (redelivery changes nothing). */
@Injectable()
export class SkusService {
  constructor(private readonly repo: SkusRepository) {}

  upsert(rows: SkuRow[]): Promise<void> {
    return this.repo.upsert(lastByKey(rows, (s) => s.sku));
  }
}
