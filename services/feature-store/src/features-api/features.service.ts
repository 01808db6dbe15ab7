import { Injectable } from '@nestjs/common';
import { invalidArgument, notFound } from '@salescast/platform';
import { DailySeriesRepository } from '../daily-series/daily-series.repository';
import { densify } from '../daily-series/densify';

/** The longest dense series served (100 years): bounds the response size. */
const MAX_DAYS = 36_600;

export interface DenseSeries {
  sku: string;
  start: string;
  quantities: number[];
  revenues: number[];
  returned: number[];
}

/** Reads a SKU's dense daily series and pages through the known SKUs. */
@Injectable()
export class FeaturesService {
  constructor(private readonly repo: DailySeriesRepository) {}

  /** Dense from `from` (default: first stored day) to `to` (default: the store's last day). */
  async dailySeries(sku: string, from?: string, to?: string): Promise<DenseSeries> {
    const rows = await this.repo.days(sku, from, to);
    if (rows.length === 0 && !(await this.repo.known(sku))) throw notFound(`no sales known for sku '${sku}'`);
    // without to_date, every SKU's series ends on the store's last day (zeros after its last sale)
    const end = to ?? (await this.repo.lastDay());
    if (from && end && Date.parse(end) - Date.parse(from) > MAX_DAYS * 86_400_000)
      throw invalidArgument('from_date', `the series would exceed ${MAX_DAYS} days (${from} to ${end})`);
    const s = densify(rows, from, end);
    return { sku, ...s };
  }

  /** One page of SKUs after `after`; `next` is the token of the following page ('' at the end). */
  async skus(after: string, size: number): Promise<{ skus: string[]; next: string }> {
    const rows = await this.repo.skusAfter(after, size + 1);
    const skus = rows.slice(0, size);
    return { skus, next: rows.length > size ? skus[skus.length - 1] : '' };
  }
}
