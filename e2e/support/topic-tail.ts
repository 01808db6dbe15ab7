import { decodePayload, MessageCodec, Topic, topicContract, TopicMessage } from '@salescast/contracts';
import { eventually, kafkaBrokers } from '@salescast/stack';
import { Consumer, Kafka, logLevel } from 'kafkajs';

/** Everything published on a salescast topic since the tail started (from the beginning), decoded, in offset order per partition. */
export class TopicTail<T extends Topic> {
  readonly seen: Array<{ key: string; timestamp: number; headers: Record<string, string>; value: TopicMessage<T> }> = [];
  private consumer?: Consumer;

  constructor(private readonly topic: T) {}

  async start(): Promise<this> {
    const kafka = new Kafka({ clientId: `e2e-tail-${this.topic}`, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: this.topic, numPartitions: 3 }] }).catch(() => undefined);
    await admin.disconnect();
    this.consumer = kafka.consumer({ groupId: `e2e-tail-${this.topic}-${Date.now()}-${Math.random()}` });
    await this.consumer.connect();
    // a topic just created may not be in every metadata answer yet
    await eventually(`metadata of ${this.topic}`, async () => {
      await this.consumer!.subscribe({ topic: this.topic, fromBeginning: true });
      return true;
    }, 60_000, 500);
    const codec = topicContract(this.topic).codec as MessageCodec<TopicMessage<T>>;
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(Array.isArray(v) ? v[0] : v);
        const ct = headers['content-type'];
        this.seen.push({
          key: message.key?.toString() ?? '',
          timestamp: Number(message.timestamp),
          headers,
          value: decodePayload(codec, message.value ?? Buffer.alloc(0), ct ? String(ct) : undefined),
        });
      },
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
