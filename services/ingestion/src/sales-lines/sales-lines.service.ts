import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, METRICS, Metrics } from '@salescast/platform';
import type { Logger } from 'pino';
import { DailySalesRepository } from '../daily-aggregates/daily-sales.repository';
import { dedupeLines, LineRow } from './sales-line.rules';

/** Stores order lines once each (a redelivered line changes nothing) and updates their daily totals. */
@Injectable()
export class SalesLinesService {
  private readonly stored;

  constructor(
    private readonly repo: DailySalesRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    this.stored = metrics.counter(
      'salescast_ingestion_lines_stored_total',
      'Order lines stored (new, not redelivered)',
    );
  }

  async record(lines: LineRow[]): Promise<void> {
    const { inserted, days } = await this.repo.recordLines(dedupeLines(lines));
    this.stored.inc(inserted);
    this.logger.debug({ received: lines.length, inserted, days }, 'sales lines stored');
  }
}
