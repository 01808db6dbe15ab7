import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@salescast/platform';
import { DataSource } from 'typeorm';

export interface BusinessEventRow {
  kind: 'shutdown' | 'reopening' | 'promotion';
  startsOn: string;
  scope: string;
  endsOn: string | null;
  description: string;
}

/** Declared business events (`business_events`), upserted by (kind, starts_on, scope). */
@Injectable()
export class BusinessEventsRepository {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  /** `rows` must hold each (kind, starts_on, scope) once. */
  async upsert(rows: BusinessEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO business_events (kind, starts_on, scope, ends_on, description)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::text[])
       ON CONFLICT (kind, starts_on, scope) DO UPDATE SET ends_on = EXCLUDED.ends_on, description = EXCLUDED.description, updated_at = now()`,
      [
        rows.map((e) => e.kind),
        rows.map((e) => e.startsOn),
        rows.map((e) => e.scope),
        rows.map((e) => e.endsOn),
        rows.map((e) => e.description),
      ],
    );
  }
}
