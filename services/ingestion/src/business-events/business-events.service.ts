import { Injectable } from '@nestjs/common';
import { lastByKey } from '../last-by-key';
import { BusinessEventRow, BusinessEventsRepository } from './business-events.repository';

/** Keeps declared shutdowns, reopenings and promotions as the ERP last declared them. */
@Injectable()
export class BusinessEventsService {
  constructor(private readonly repo: BusinessEventsRepository) {}

  upsert(rows: BusinessEventRow[]): Promise<void> {
    return this.repo.upsert(lastByKey(rows, (e) => `${e.kind}|${e.startsOn}|${e.scope}`));
  }
}
