import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BUSINESS_EVENT_KINDS, businessEventProblem, events } from '@salescast/contracts';
import { BusinessEventRecord } from '@salescast/forecasting';
import {
  DATA_SOURCE,
  EVENT_CONSUMER,
  EventConsumerPort,
  IncomingEvent,
  topicSubscription,
} from '@salescast/platform';
import { DataSource } from 'typeorm';

/**
 * Keeps training's copy of business events and SKU categories from `erp.business-events.v1` and
 * `erp.skus.v1`, and hands them to each fit: the shutdown is data the models mask, not a pattern.
 */
@Injectable()
export class BusinessContext implements OnApplicationBootstrap {
  constructor(
    @Inject(EVENT_CONSUMER) private readonly consumer: EventConsumerPort,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.subscribe(
      topicSubscription('erp.business-events.v1', {
        groupId: 'training.business-events',
        validate: businessEventProblem,
        handle: (b) => this.storeEvents(b),
      }),
    );
    await this.consumer.subscribe(
      topicSubscription('erp.skus.v1', {
        groupId: 'training.skus',
        validate: (s) => (!s.sku ? 'sku: required' : !s.category ? 'category: required' : undefined),
        handle: (b) => this.storeCategories(b),
      }),
    );
  }

  private async storeEvents(batch: IncomingEvent<events.BusinessEventDeclared>[]): Promise<void> {
    const rows = [
      ...new Map(
        batch.map((e) => [`${e.value.kind}|${e.value.startsOn}|${e.value.scope}`, e.value]),
      ).values(),
    ];
    await this.db.query(
      `INSERT INTO business_events (kind, starts_on, scope, ends_on, description)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::text[])
       ON CONFLICT (kind, starts_on, scope) DO UPDATE SET ends_on = EXCLUDED.ends_on, description = EXCLUDED.description`,
      [
        rows.map((e) => BUSINESS_EVENT_KINDS[e.kind]),
        rows.map((e) => e.startsOn),
        rows.map((e) => e.scope || 'all'),
        rows.map((e) => e.endsOn || null),
        rows.map((e) => e.description),
      ],
    );
  }

  private async storeCategories(batch: IncomingEvent<events.SkuUpserted>[]): Promise<void> {
    const rows = [...new Map(batch.map((e) => [e.value.sku, e.value.category])).entries()];
    await this.db.query(
      `INSERT INTO sku_categories (sku, category) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (sku) DO UPDATE SET category = EXCLUDED.category`,
      [rows.map((r) => r[0]), rows.map((r) => r[1])],
    );
  }

  /** Every known business event, as the engine takes them. */
  async events(): Promise<BusinessEventRecord[]> {
    const rows: Array<{
      kind: BusinessEventRecord['kind'];
      starts_on: string;
      ends_on: string | null;
      scope: string;
      description: string;
    }> = await this.db.query(
      `SELECT kind, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, scope, description
         FROM business_events ORDER BY starts_on`,
    );
    return rows.map((r) => ({
      kind: r.kind,
      startsOn: r.starts_on,
      endsOn: r.ends_on ?? undefined,
      scope: r.scope,
      description: r.description,
    }));
  }

  async categories(): Promise<Map<string, string>> {
    const rows: Array<{ sku: string; category: string }> = await this.db.query(
      `SELECT sku, category FROM sku_categories`,
    );
    return new Map(rows.map((r) => [r.sku, r.category]));
  }
}
