import { decodePayload, MessageCodec, Topic, topicContract, TopicMessage } from '@salescast/contracts';
import { eventually, kafkaBrokers } from '@salescast/stack';
import { Consumer, Kafka, logLevel } from 'kafkajs';

/**
 * Everything published on a salescast topic since the tail started (from the beginning), decoded, in offset
 * order per partition, each message once.
 *
 * A tail lives as long as a test file, on a broker that a loaded CI machine can make slow: kafkajs stops a
 * consumer for good after a non-retriable error (e.g. "Failed to find group coordinator" once its retries are
 * spent), and a test waiting on that tail would then time out although the message was published. So, like
 * the services' event bus, the tail replaces a stopped consumer with a new one in the same group (it resumes
 * from the committed offsets); messages seen twice across the switch are kept once (partition and offset).
 */
export class TopicTail<T extends Topic> {
  readonly seen: Array<{
    key: string;
    timestamp: number;
    headers: Record<string, string>;
    value: TopicMessage<T>;
  }> = [];
  /** How often kafkajs stopped the consumer and the tail replaced it (diagnostics for a failing test). */
  replacements = 0;
  private consumer?: Consumer;
  private kafka?: Kafka;
  private readonly groupId: string;
  private readonly offsets = new Set<string>();
  private stopping = false;

  constructor(private readonly topic: T) {
    this.groupId = `e2e-tail-${topic}-${Date.now()}-${Math.random()}`;
  }

  async start(): Promise<this> {
    this.kafka = new Kafka({
      clientId: `e2e-tail-${this.topic}`,
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const admin = this.kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 3 }] }).catch(() => undefined);
    await admin.disconnect();
    await this.run();
    return this;
  }

  /** A one-line summary for a timeout message: what the tail saw, and whether it had to be replaced. */
  describe(): string {
    return `${this.topic}: ${this.seen.length} message(s) seen, consumer replaced ${this.replacements} time(s)`;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
  }

  private async run(): Promise<void> {
    const consumer = this.kafka!.consumer({ groupId: this.groupId });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload.restart || this.stopping) return;
      this.replacements++;
      void this.replace(consumer);
    });
    await consumer.connect();
    // a topic just created may not be in every metadata answer yet
    await eventually(
      `metadata of ${this.topic}`,
      async () => {
        await consumer.subscribe({ topic: this.topic, fromBeginning: true });
        return true;
      },
      60_000,
      500,
    );
    const codec = topicContract(this.topic).codec as MessageCodec<TopicMessage<T>>;
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const at = `${partition}:${message.offset}`;
        if (this.offsets.has(at)) return;
        this.offsets.add(at);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          headers[k] = String(Array.isArray(v) ? v[0] : v);
        const ct = headers['content-type'];
        this.seen.push({
          key: message.key?.toString() ?? '',
          timestamp: Number(message.timestamp),
          headers,
          value: decodePayload(codec, message.value ?? Buffer.alloc(0), ct ? String(ct) : undefined),
        });
      },
    });
  }

  /** A new consumer in the same group, retried every 2 s until it runs or the tail stops. */
  private async replace(dead: Consumer): Promise<void> {
    await dead.disconnect().catch(() => undefined);
    while (!this.stopping) {
      // unref'd: a tail still retrying when the tests end must not keep jest's process alive
      await new Promise((r) => setTimeout(r, 2000).unref());
      if (this.stopping) return;
      try {
        await this.run();
        return;
      } catch {
        await this.consumer?.disconnect().catch(() => undefined);
      }
    }
  }
}
