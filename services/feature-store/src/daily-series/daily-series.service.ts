import { Injectable } from '@nestjs/common';
import { DailySeriesRepository, DailyTotal } from './daily-series.repository';

/** Keeps each SKU-day's latest announced total (the last of a batch wins; the broker keeps per-SKU order). */
@Injectable()
export class DailySeriesService {
  constructor(private readonly repo: DailySeriesRepository) {}

  async record(totals: DailyTotal[]): Promise<void> {
    const latest = new Map<string, DailyTotal>();
    for (const t of totals) latest.set(`${t.sku}|${t.day}`, t);
    await this.repo.upsert([...latest.values()]);
  }
}
