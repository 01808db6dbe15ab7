import { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import { EventProducerPort, OutgoingEvent } from '../kafka/ports';
import type { Metrics } from '../metrics/metrics';
import { extractTraceContext, SpanKind, withSpan } from '../tracing/tracing';

/**
 * Transactional outbox: a service writes its state change and the events announcing it in ONE
 * transaction (`enqueue` with the transaction's manager); the relay publishes them to Kafka and deletes
 * them once the broker acknowledged. A crash between commit and publish loses nothing (the rows stay);
 * a crash between publish and delete re-publishes (consumers are idempotent).
 */
export const OUTBOX_TABLE_SQL = `
CREATE TABLE IF NOT EXISTS outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  key text NOT NULL,
  payload bytea NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/** Runs `fn` in a database transaction inside a `transaction <name>` span (no span when tracing is off). */
export function tracedTransaction<T>(db: DataSource, name: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  return withSpan(`transaction ${name}`, { attributes: { 'db.system': 'postgresql' } }, () => db.transaction(fn));
}

export async function enqueue(manager: EntityManager | DataSource, events: OutgoingEvent[]): Promise<void> {
  const chunk = 5000;
  for (let i = 0; i < events.length; i += chunk) {
    const part = events.slice(i, i + chunk);
    await manager.query(
      `INSERT INTO outbox (topic, key, payload, headers)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[])`,
      [
        part.map((e) => e.topic),
        part.map((e) => e.key),
        part.map((e) => e.value),
        part.map((e) => JSON.stringify(e.headers ?? {})),
      ],
    );
  }
}

export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private wake?: () => void;

  constructor(
    private readonly ds: DataSource,
    private readonly producer: EventProducerPort,
    private readonly logger: Logger,
    private readonly opts: { intervalMs?: number; batchSize?: number; metrics?: Metrics } = {},
  ) {
    this.backlog = opts.metrics?.gauge(
      'salescast_outbox_backlog_messages',
      'Events committed to the outbox and not yet relayed to Kafka (after the last relay pass)',
    );
    this.relayed = opts.metrics?.counter('salescast_outbox_relayed_total', 'Events relayed from the outbox to Kafka', [
      'topic',
    ]);
  }

  private readonly backlog?: ReturnType<Metrics['gauge']>;
  private readonly relayed?: ReturnType<Metrics['counter']>;

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      try {
        while (!this.stopped && (await this.relayOnce()) > 0);
      } catch (e) {
        this.logger.error({ err: e }, 'outbox relay failed; will retry');
      }
      if (!this.stopped)
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.opts.intervalMs ?? 200);
        });
      void loop();
    };
    void loop();
  }

  /** Ask the relay to run now (after a commit), instead of waiting for the next tick. */
  poke(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  /** Publishes one batch; returns how many events were relayed. Serialised: one batch at a time. */
  async relayOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      return await this.ds.transaction(async (tx) => {
        const rows: Array<{
          id: string;
          topic: string;
          key: string;
          payload: Buffer;
          headers: Record<string, string>;
        }> = await tx.query(
          `SELECT id, topic, key, payload, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [this.opts.batchSize ?? 2000],
        );
        if (rows.length === 0) {
          this.backlog?.set(0);
          return 0;
        }
        // a publish span in the trace of the event's first row (headers carry its context)
        await withSpan(
          `publish ${rows[0].topic}`,
          {
            kind: SpanKind.PRODUCER,
            parent: extractTraceContext(rows[0].headers),
            attributes: { 'messaging.destination.name': rows[0].topic, 'messaging.batch.message_count': rows.length },
          },
          () => this.producer.send(rows.map((r) => ({ topic: r.topic, key: r.key, value: r.payload, headers: r.headers }))),
        );
        await tx.query(`DELETE FROM outbox WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
        for (const r of rows) this.relayed?.inc({ topic: r.topic });
        if (this.backlog) {
          // a full batch means more may wait: count them (cheap next to the batch just sent)
          const full = rows.length >= (this.opts.batchSize ?? 2000);
          this.backlog.set(full ? Number((await tx.query(`SELECT count(*) AS n FROM outbox`))[0].n) - rows.length : 0);
        }
        return rows.length;
      });
    } finally {
      this.running = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }
}
