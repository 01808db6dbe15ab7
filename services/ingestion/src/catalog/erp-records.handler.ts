import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  BUSINESS_EVENT_KINDS,
  businessEventProblem,
  events,
  returnProblem,
  skuProblem,
  supplyTermsProblem,
} from '@salescast/contracts';
import {
  DATA_SOURCE,
  EVENT_CONSUMER,
  EventConsumerPort,
  IncomingEvent,
  topicSubscription,
} from '@salescast/platform';
import { DataSource } from 'typeorm';
import { ReturnsRepository } from '../returns/returns.repository';

/** Last write wins within a batch for records with the same key (the broker keeps per-key order). */
function lastByKey<T>(batch: IncomingEvent<T>[], key: (v: T) => string): T[] {
  return [...new Map(batch.map((e) => [key(e.value), e.value])).values()];
}

/**
 * Consumes the ERP's other topics into the ingestion schema: returns (→ daily totals), the SKU master,
 * supply terms and business events (upserts by natural key, so redelivery changes nothing).
 */
@Injectable()
export class ErpRecordsHandler implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly returns: ReturnsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.returns.v1', {
        groupId: 'ingestion.returns',
        validate: returnProblem,
        handle: async (batch) => {
          await this.returns.recordReturns(
            batch.map(({ value: r }) => ({
              returnId: r.returnId,
              orderId: r.orderId,
              sku: r.sku,
              quantity: r.quantity,
              returnedAt: r.returnedAt as Date,
            })),
          );
        },
      }),
    );
    await this.consumer.subscribe(
      topicSubscription('erp.skus.v1', {
        groupId: 'ingestion.skus',
        validate: skuProblem,
        handle: (b) => this.upsertSkus(b),
      }),
    );
    await this.consumer.subscribe(
      topicSubscription('erp.supply-terms.v1', {
        groupId: 'ingestion.supply-terms',
        validate: supplyTermsProblem,
        handle: (b) => this.upsertSupplyTerms(b),
      }),
    );
    await this.consumer.subscribe(
      topicSubscription('erp.business-events.v1', {
        groupId: 'ingestion.business-events',
        validate: businessEventProblem,
        handle: (b) => this.upsertBusinessEvents(b),
      }),
    );
  }

  private async upsertSkus(batch: IncomingEvent<events.SkuUpserted>[]): Promise<void> {
    const rows = lastByKey(batch, (s) => s.sku);
    await this.db.query(
      `INSERT INTO skus (sku, name, category, unit_price, launched_on, discontinued_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::date[], $6::date[])
       ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, unit_price = EXCLUDED.unit_price,
         launched_on = EXCLUDED.launched_on, discontinued_on = EXCLUDED.discontinued_on, updated_at = now()`,
      [
        rows.map((s) => s.sku),
        rows.map((s) => s.name),
        rows.map((s) => s.category),
        rows.map((s) => s.unitPrice),
        rows.map((s) => s.launchedOn || null),
        rows.map((s) => s.discontinuedOn || null),
      ],
    );
  }

  private async upsertSupplyTerms(batch: IncomingEvent<events.SupplyTermsUpserted>[]): Promise<void> {
    const rows = lastByKey(batch, (t) => `${t.sku}\u0000${t.supplier}`);
    await this.db.query(
      `INSERT INTO supply_terms (sku, supplier, moq, lead_time_days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[])
       ON CONFLICT (sku, supplier) DO UPDATE SET moq = EXCLUDED.moq, lead_time_days = EXCLUDED.lead_time_days, updated_at = now()`,
      [
        rows.map((t) => t.sku),
        rows.map((t) => t.supplier),
        rows.map((t) => t.moq),
        rows.map((t) => t.leadTimeDays),
      ],
    );
  }

  private async upsertBusinessEvents(batch: IncomingEvent<events.BusinessEventDeclared>[]): Promise<void> {
    const rows = lastByKey(batch, (e) => `${e.kind}|${e.startsOn}|${e.scope}`);
    await this.db.query(
      `INSERT INTO business_events (kind, starts_on, scope, ends_on, description)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::text[])
       ON CONFLICT (kind, starts_on, scope) DO UPDATE SET ends_on = EXCLUDED.ends_on, description = EXCLUDED.description, updated_at = now()`,
      [
        rows.map((e) => BUSINESS_EVENT_KINDS[e.kind]),
        rows.map((e) => e.startsOn),
        rows.map((e) => e.scope),
        rows.map((e) => e.endsOn || null),
        rows.map((e) => e.description),
      ],
    );
  }
}
