// before kafkajs: its producer must load the patched grouping (see kafkajs-patches.ts)
import { kafkaLogLevel } from './kafkajs-log';
import { cachingPartitioner } from './kafkajs-patches';
import { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, logLevel, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { Metrics } from '../metrics/metrics';
import { extractTraceContext, SpanKind, withSpan } from '../tracing/tracing';
import { dlqTopic } from '@salescast/contracts';
import { waitForStartup } from '../startup/startup-retry';
import {
  EventConsumerPort,
  EventProducerPort,
  IncomingEvent,
  OutgoingEvent,
  PermanentError,
  Subscription,
} from './ports';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  metrics: Metrics;
  /** Partitions of topics created by `ensureTopics` (default 3). */
  partitions?: number;
  /** How long `subscribe` waits out a broker or topic metadata that is not ready yet (default 120 s). */
  startupBudgetMs?: number;
}

interface DeadLetter {
  raw: Buffer | null;
  key: Buffer | null;
  offset: string;
  reason: 'decode' | 'validation' | 'handler';
  error: string;
}

/** How long the group waits for a silent member before giving its partitions to others. */
export const SESSION_TIMEOUT_MS = 12_000;

/** Largest produce request `send` builds (bytes of keys, values and headers, estimated). */
const REQUEST_BYTES = 768 * 1024;

function sizeOf(e: OutgoingEvent): number {
  let n = 24 + e.key.length + e.value.length;
  if (e.headers) for (const k in e.headers) n += 8 + k.length + e.headers[k].length;
  return n;
}

/**
 * PostgreSQL rejected the data itself (SQLSTATE class 22 data exception, e.g. a NUL byte in a text
 * value or a number out of range; class 23 integrity violation): retrying the same message can never
 * succeed, so it is isolated and dead-lettered like a PermanentError instead of blocking its partition.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const keyPartitioner = cachingPartitioner();

/**
 * The partition kafkajs' default partitioner (murmur2 of the key, as the Java client) gives `key` on a
 * topic of `partitions` partitions: what a producer of this bus sends it to.
 */
export function keyPartition(key: string, partitions: number): number {
  let partitionMetadata = metadataOf.get(partitions);
  if (!partitionMetadata) {
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0 }));
    metadataOf.set(partitions, partitionMetadata);
  }
  return keyPartitioner({ topic: '', partitionMetadata, message: { key } });
}
const metadataOf = new Map<number, Array<{ partitionId: number; leader: number }>>();

export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * kafkajs behind the event-bus ports: an idempotent producer, and consumers that commit offsets only
 * after the handler's write is durable, send undecodable/invalid/poison messages to `<topic>.dlq` with
 * the reason and source coordinates in headers, and export consumption, DLQ, lag and rebalance metrics.
 */
export class KafkajsEventBus implements EventProducerPort, EventConsumerPort {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private producerReady?: Promise<Producer>;
  private admin?: Admin;
  private consumers: Consumer[] = [];
  /** Batches being handled now: `close` lets them finish and commit before the consumers leave. */
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;
  private readonly log: Logger;
  private readonly consumed;
  private readonly dlqCount;
  private readonly batchSeconds;
  private readonly lag;
  private readonly rebalances;
  private readonly consumerReplacements;

  constructor(private readonly opts: KafkaBusOptions) {
    this.log = opts.logger.child({ component: 'kafka' });
    const kafkaLog = this.log;
    this.kafka = new Kafka({
      clientId: opts.clientId,
      brokers: opts.brokers,
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ level, log }) => {
          const { message, ...extra } = log;
          kafkaLog[kafkaLogLevel(level, log)](extra, message);
        },
      retry: { retries: 8, initialRetryTime: 200 },
    });
    const m = opts.metrics;
    this.consumed = m.counter('salescast_kafka_messages_consumed_total', 'Messages consumed and committed', [
      'topic',
    ]);
    this.dlqCount = m.counter('salescast_dlq_messages_total', 'Messages sent to a dead-letter topic', [
      'topic',
      'reason',
    ]);
    this.batchSeconds = m.histogram(
      'salescast_kafka_batch_duration_seconds',
      'Time to handle and commit one batch',
      ['topic'],
      [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.lag = m.gauge(
      'salescast_kafka_consumer_lag_messages',
      'Messages behind the partition end after a batch',
      ['topic', 'partition'],
    );
    this.rebalances = m.counter('salescast_kafka_consumer_rebalances_total', 'Consumer group joins', [
      'group',
    ]);
    this.consumerReplacements = m.counter(
      'salescast_kafka_consumer_replacements_total',
      'Consumers that stopped for good (kafkajs would not restart them) and were replaced',
      ['group'],
    );
  }

  /**
   * Creates topics (and their DLQs) if missing, then waits until the broker serves metadata with a
   * leader for every partition of each: a topic that was just created (by us or by another service)
   * is not usable before that. Safe to call from every service at start; a transient failure throws
   * an error that `waitForStartup` retries. `partitionsOf` overrides the partition count of some topics
   * (e.g. work queues that many replicas share).
   */
  async ensureTopics(topics: string[], partitionsOf: Record<string, number> = {}): Promise<void> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const all = [...new Set(topics.flatMap((t) => [t, dlqTopic(t)]))];
    const existing = new Set(await this.admin.listTopics());
    const wanted = all.filter((t) => !existing.has(t));
    if (wanted.length > 0) {
      try {
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: wanted.map((topic) => ({
            topic,
            numPartitions: partitionsOf[topic] ?? this.opts.partitions ?? 3,
            replicationFactor: -1,
          })),
        });
        this.log.info({ topics: wanted }, 'created topics');
      } catch (e) {
        // another service created some of them at the same moment: they exist, which is what we want
        if (!/already exists/i.test(String((e as Error).message))) throw e;
      }
    }
    const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics: all });
    const notReady = metadata
      .filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0))
      .map((t) => t.name);
    const missing = all.filter((t) => !metadata.some((m) => m.name === t));
    if (notReady.length + missing.length > 0)
      throw Object.assign(
        new Error(`topics without a partition leader yet: ${[...missing, ...notReady].join(', ')}`),
        {
          retriable: true,
        },
      );
  }

  /** How many partitions `topic` has (it must exist). */
  async partitionCount(topic: string): Promise<number> {
    this.admin ??= this.kafka.admin();
    await this.admin.connect();
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length ?? 0;
  }

  /**
   * The one producer, connected once even when several sends start together (a failed connection is
   * forgotten, so the next send tries again).
   */
  private connectedProducer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: cachingPartitioner as never,
      });
      this.producer = producer;
      await producer.connect();
      return producer;
    })().catch((e: unknown) => {
      this.producerReady = undefined;
      throw e;
    });
    return this.producerReady;
  }

  /**
   * Sends events with acks=all, in requests of at most REQUEST_BYTES (estimated), one after the other:
   * a request's record batch for one partition must stay under the broker's `message.max.bytes` (1 MB
   * by default), which a large batch of events that all fall on one partition would exceed.
   */
  async send(events: OutgoingEvent[]): Promise<void> {
    if (events.length === 0) return;
    const producer = await this.connectedProducer();
    let from = 0;
    while (from < events.length) {
      let bytes = 0;
      let to = from;
      while (to < events.length && (to === from || bytes + sizeOf(events[to]) <= REQUEST_BYTES))
        bytes += sizeOf(events[to++]);
      await this.sendRequest(producer, from === 0 && to === events.length ? events : events.slice(from, to));
      from = to;
    }
  }

  private async sendRequest(producer: Producer, events: OutgoingEvent[]): Promise<void> {
    const byTopic = new Map<string, OutgoingEvent[]>();
    for (const e of events) {
      const list = byTopic.get(e.topic);
      if (list) list.push(e);
      else byTopic.set(e.topic, [e]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({
        topic,
        messages: msgs.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      })),
    });
  }

  /**
   * Starts a consumer of `sub.topic` in group `sub.groupId`. Joining waits out a broker that is not
   * ready or a topic whose metadata has not propagated yet (bounded by `startupBudgetMs`): each failed
   * attempt's consumer is disconnected and a new one tries again.
   */
  async subscribe<T>(sub: Subscription<T>): Promise<void> {
    await waitForStartup(`consumer group ${sub.groupId} on ${sub.topic}`, () => this.startConsumer(sub), {
      logger: this.log,
      budgetMs: this.opts.startupBudgetMs ?? 120_000,
    });
  }

  /** One attempt: a new consumer of `sub`, connected, subscribed and running; disconnected if it fails. */
  private async startConsumer<T>(sub: Subscription<T>): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: sub.groupId,
      allowAutoTopicCreation: true,
      // a replica that died (SIGKILL, OOM) holds its partitions until its session expires, and a
      // replacement cannot join before: 12 s instead of kafkajs' 30 s (see BENCHMARKS.md, "Faults");
      // long handlers keep the session with HandleContext.heartbeat
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: 1000,
      retry: { retries: 5, initialRetryTime: 300 },
    });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.rebalances.inc({ group: sub.groupId });
      this.log.info({ group: sub.groupId, assignment: e.payload.memberAssignment }, 'joined consumer group');
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.log.error(
        { group: sub.groupId, error: String(e.payload.error), restart: e.payload.restart },
        'consumer crashed',
      );
      // kafkajs restarts a consumer only after a retriable error; after any other (e.g. "Failed to find
      // group coordinator" once its retries are spent, seen on a broker at load 50) the consumer has
      // stopped for good and the service would silently stop consuming: replace it
      if (!e.payload.restart) void this.replaceConsumer(consumer, sub);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: sub.topic, fromBeginning: sub.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.track(this.handleBatch(consumer, sub, payload)),
      });
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      throw e;
    }
    this.consumers.push(consumer);
  }

  /**
   * Replaces a consumer that kafkajs will not restart: a new one joins the same group (it resumes from the
   * group's committed offsets), retrying with backoff (1 s, doubling, capped at 30 s) until it runs or the
   * bus closes.
   */
  private async replaceConsumer<T>(dead: Consumer, sub: Subscription<T>): Promise<void> {
    this.consumers = this.consumers.filter((c) => c !== dead);
    await dead.disconnect().catch(() => undefined);
    this.consumerReplacements.inc({ group: sub.groupId });
    this.log.warn({ group: sub.groupId }, 'replacing a stopped consumer');
    await new Promise((r) => setTimeout(r, 1000));
    await waitForStartup(
      `a replacement consumer of group ${sub.groupId}`,
      () => (this.closing ? Promise.resolve() : this.startConsumer(sub)),
      {
        logger: this.log,
        budgetMs: Infinity,
        initialDelayMs: 2000,
        maxDelayMs: 30_000,
        // every failure is waited out, until the bus closes
        isTransient: () => !this.closing,
      },
    ).catch(() => undefined);
  }

  private async track(batch: Promise<void>): Promise<void> {
    this.inFlight.add(batch);
    try {
      await batch;
    } finally {
      this.inFlight.delete(batch);
    }
  }

  private async handleBatch<T>(consumer: Consumer, sub: Subscription<T>, p: EachBatchPayload): Promise<void> {
    // shutting down: a batch fetched now is left uncommitted for the next owner of the partition,
    // untouched, rather than half handled
    if (this.closing) return;
    const { batch } = p;
    if (batch.messages.length === 0) return;
    const end = this.batchSeconds.startTimer({ topic: batch.topic });
    const valid: IncomingEvent<T>[] = [];
    const dead: DeadLetter[] = [];
    for (const m of batch.messages) {
      const headers = headersToStrings(m.headers);
      const dl = (reason: DeadLetter['reason'], error: string) =>
        dead.push({ raw: m.value, key: m.key, offset: m.offset, reason, error });
      let value: T;
      try {
        if (!m.value) throw new Error('empty message value');
        value = sub.decode(m.value, headers);
      } catch (e) {
        dl('decode', `cannot decode ${sub.topic} message: ${(e as Error).message}`);
        continue;
      }
      const invalid = sub.validate?.(value);
      if (invalid) {
        dl('validation', invalid);
        continue;
      }
      valid.push({
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key?.toString('utf8'),
        value,
        headers,
        timestamp: Number(m.timestamp),
      });
    }

    // one consume span per batch, continuing the trace of its first message
    const poison = await withSpan(
      `consume ${batch.topic}`,
      {
        kind: SpanKind.CONSUMER,
        parent: extractTraceContext(valid[0]?.headers),
        attributes: {
          'messaging.destination.name': batch.topic,
          'messaging.batch.message_count': batch.messages.length,
        },
      },
      () => this.handleWithIsolation(sub, valid, p),
    );
    for (const { event, error } of poison)
      dead.push({
        raw: batch.messages.find((m) => m.offset === event.offset)?.value ?? null,
        key: event.key ? Buffer.from(event.key) : null,
        offset: event.offset,
        reason: 'handler',
        error,
      });
    await this.sendDeadLetters(batch.topic, batch.partition, dead);

    const last = batch.messages[batch.messages.length - 1].offset;
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    p.resolveOffset(last);
    this.consumed.inc({ topic: batch.topic }, batch.messages.length);
    this.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
    end();
  }

  /**
   * Runs the handler on the whole batch with retries. A PermanentError leads to one-by-one handling so
   * that only the poison messages are dead-lettered. A transient error that outlasts the retries is
   * rethrown: kafkajs restarts the consumer from the last committed offset, so nothing is lost.
   */
  private async handleWithIsolation<T>(
    sub: Subscription<T>,
    events: IncomingEvent<T>[],
    p: EachBatchPayload,
  ): Promise<Array<{ event: IncomingEvent<T>; error: string }>> {
    if (events.length === 0) return [];
    const attempts = sub.maxAttempts ?? 3;
    const context = {
      heartbeat: () =>
        p.heartbeat().catch((e: unknown) => {
          this.log.warn({ topic: sub.topic, error: String(e) }, 'heartbeat failed (group rebalancing)');
        }),
    };
    const tryHandle = async (batch: IncomingEvent<T>[]): Promise<Error | undefined> => {
      for (let attempt = 1; ; attempt++) {
        try {
          await sub.handle(batch, context);
          return undefined;
        } catch (e) {
          const err = e as Error;
          if (err instanceof PermanentError || isDataError(err)) return err;
          if (attempt >= attempts) throw err;
          this.log.warn({ topic: sub.topic, attempt, error: err.message }, 'batch failed, retrying');
          await sleep(200 * 2 ** attempt);
          await p.heartbeat();
        }
      }
    };
    const batchError = await tryHandle(events);
    if (!batchError) return [];
    if (events.length === 1) return [{ event: events[0], error: batchError.message }];
    const poison: Array<{ event: IncomingEvent<T>; error: string }> = [];
    for (const event of events) {
      const err = await tryHandle([event]);
      if (err) poison.push({ event, error: err.message });
    }
    return poison;
  }

  private async sendDeadLetters(topic: string, partition: number, dead: DeadLetter[]): Promise<void> {
    if (dead.length === 0) return;
    await this.send(
      dead.map((d) => ({
        topic: dlqTopic(topic),
        key: d.key?.toString('utf8') ?? '',
        value: d.raw ?? Buffer.alloc(0),
        headers: {
          'x-error': d.error.slice(0, 2000),
          'x-error-kind': d.reason,
          'x-source-topic': topic,
          'x-source-partition': String(partition),
          'x-source-offset': d.offset,
        },
      })),
    );
    for (const d of dead) {
      this.dlqCount.inc({ topic, reason: d.reason });
      this.log.warn(
        { topic, partition, offset: d.offset, reason: d.reason, error: d.error },
        'message dead-lettered',
      );
    }
  }

  /**
   * Graceful stop (SIGTERM): no new batch is handled, the batches in flight finish — their
   * transaction and their offset commit — and only then do the consumers leave their groups, so
   * nothing that was stored is redelivered to the next owner.
   */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled(this.consumers.map((c) => c.disconnect()));
    await Promise.allSettled([this.producer?.disconnect(), this.admin?.disconnect()]);
  }
}
