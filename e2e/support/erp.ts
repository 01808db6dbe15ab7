import {
  createEnvelope,
  encodePayload,
  events,
  MessageCodec,
  Topic,
  topicContract,
  TopicMessage,
} from '@salescast/contracts';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { kafkaBrokers } from '@salescast/stack';

export interface Line {
  orderId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: number;
  orderedAt: Date;
}

/**
 * Generated daily demand with a weekly cycle for `skus`, `days` days from `start`: each unit sold
 * is its own order line (order id per SKU-day-unit), so redelivery and duplication are visible.
 */
export function generateLines(skus: string[], start: string, days: number, seed = 1): Line[] {
  let s = seed >>> 0;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const lines: Line[] = [];
  const t0 = Date.parse(`${start}T00:00:00Z`);
  skus.forEach((sku, k) => {
    for (let d = 0; d < days; d++) {
      const dow = new Date(t0 + d * 86_400_000).getUTCDay();
      const mean = (4 + 2 * k) * (dow === 0 || dow === 6 ? 1.6 : 1) * (1 + d / 400);
      const units = Math.max(0, Math.round(mean + (rnd() - 0.5) * 2));
      for (let u = 0; u < units; u++)
        lines.push({
          orderId: `${sku}-${start}-${d}-${u}`,
          lineNo: 1,
          sku,
          quantity: 1 + (u % 2),
          unitPrice: 10 + k,
          orderedAt: new Date(t0 + d * 86_400_000 + (u % 20) * 3_600_000),
        });
    }
  });
  return lines;
}

export function dailyTotals(lines: Line[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const l of lines) {
    const day = l.orderedAt.toISOString().slice(0, 10);
    const m = out.get(l.sku) ?? new Map<string, number>();
    m.set(day, (m.get(day) ?? 0) + l.quantity);
    out.set(l.sku, m);
  }
  return out;
}

export class ErpPublisher {
  private readonly kafka = new Kafka({
    clientId: 'e2e-erp',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  private producer?: Producer;

  async connect(): Promise<void> {
    this.producer = this.kafka.producer({ allowAutoTopicCreation: true });
    await this.producer.connect();
  }

  async publishLines(lines: Line[], chunk = 2000, headers?: Record<string, string>): Promise<void> {
    for (let i = 0; i < lines.length; i += chunk)
      await this.producer!.send({
        topic: 'erp.sales-lines.v1',
        messages: lines.slice(i, i + chunk).map((l) => ({
          key: l.sku,
          headers,
          value: encodePayload(events.SalesLineRecorded, {
            envelope: createEnvelope('erp.sales-lines.v1', l.sku),
            ...l,
          }),
        })),
      });
  }

  /** One event on any salescast topic, keyed by `key`, with a fresh envelope. */
  async publish<T extends Topic>(
    topic: T,
    key: string,
    payload: Omit<TopicMessage<T>, 'envelope'>,
  ): Promise<void> {
    const codec = topicContract(topic).codec as MessageCodec<TopicMessage<T>>;
    const value = encodePayload(codec, {
      ...payload,
      envelope: createEnvelope(topic, key),
    } as TopicMessage<T>);
    await this.producer!.send({ topic, messages: [{ key, value }] });
  }

  /** Raw bytes/headers, for malformed and JSON-encoded messages. */
  async publishRaw(
    topic: string,
    key: string,
    value: Buffer,
    headers: Record<string, string> = {},
  ): Promise<void> {
    await this.producer!.send({ topic, messages: [{ key, value, headers }] });
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
  }
}

export interface DeadLetter {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Reads every message of a dead-letter topic (from the beginning) until `stop` says enough. */
export async function readDeadLetters(
  topic: string,
  stop: (all: DeadLetter[]) => boolean,
  timeoutMs = 30_000,
): Promise<DeadLetter[]> {
  const kafka = new Kafka({
    clientId: 'e2e-dlq-reader',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `e2e-dlq-${Date.now()}-${Math.random()}` });
  const seen: DeadLetter[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {}))
        headers[k] = String(Array.isArray(v) ? v[0] : v);
      seen.push({ key: message.key?.toString() ?? '', value: message.value ?? Buffer.alloc(0), headers });
      if (stop(seen)) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return seen;
}
