import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { createLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { KafkajsEventBus, keyPartition } from './kafkajs-event-bus';
import { PermanentError } from './ports';

/** Polls `probe` until it returns a value (platform may not depend on the test tools of @salescast/stack). */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Kafka port against a real broker: large sends, and poison-message isolation within a batch. */
describe('KafkajsEventBus', () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const run = randomUUID().slice(0, 8);
  let bus: KafkajsEventBus;

  beforeAll(() => {
    bus = new KafkajsEventBus({
      brokers,
      clientId: `bus-e2e-${run}`,
      logger: createLogger('bus-e2e', 'error'),
      metrics: new Metrics('bus-e2e'),
    });
  });
  afterAll(() => bus.close());

  async function readAll(topic: string, expected: number) {
    const kafka = new Kafka({ clientId: `bus-e2e-reader-${run}`, brokers, logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `bus-e2e-reader-${randomUUID()}` });
    const seen: Array<{ key: string; value: string; partition: number; headers: Record<string, string> }> =
      [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        seen.push({
          key: message.key?.toString() ?? '',
          value: message.value?.toString() ?? '',
          partition,
          headers,
        });
      },
    });
    await eventually(
      `${expected} messages on ${topic}`,
      async () => (seen.length >= expected ? true : undefined),
      60_000,
    );
    await consumer.disconnect();
    return seen;
  }

  it('sends a batch larger than one request may be, all on one partition, in order', async () => {
    const topic = `bus-e2e-large-${run}`;
    await bus.ensureTopics([topic]);
    // ~2.4 MB for one key: more than the broker takes in one record batch (message.max.bytes, 1 MB)
    const value = (i: number) => Buffer.from(`${String(i).padStart(8, '0')}${'x'.repeat(292)}`);
    const events = Array.from({ length: 8000 }, (_, i) => ({ topic, key: 'SKU-1', value: value(i) }));
    await bus.send(events);
    const seen = await readAll(topic, events.length);
    expect(seen).toHaveLength(events.length);
    expect(seen.map((s) => Number(s.value.slice(0, 8)))).toEqual(events.map((_, i) => i));
    expect(new Set(seen.map((s) => s.partition))).toEqual(new Set([keyPartition('SKU-1', 3)]));
  });

  it('dead-letters only the poison message of a batch and hands the others over once', async () => {
    const topic = `bus-e2e-poison-${run}`;
    await bus.ensureTopics([topic]);
    const values = Array.from({ length: 50 }, (_, i) => (i === 23 ? 'poison' : `ok-${i}`));
    // one key: one partition, so the 50 arrive in one batch (or a few) in order
    await bus.send(values.map((v) => ({ topic, key: 'K', value: Buffer.from(v) })));
    const stored: string[] = [];
    await bus.subscribe<string>({
      groupId: `bus-e2e-poison-${run}`,
      topic,
      decode: (raw) => raw.toString(),
      handle: async (batch) => {
        // like a repository: all or nothing per call
        if (batch.some((e) => e.value === 'poison'))
          throw new PermanentError('poison: refused by the handler');
        stored.push(...batch.map((e) => e.value));
      },
    });
    const dead = await readAll(`${topic}.dlq`, 1);
    expect(dead.map((d) => d.value)).toEqual(['poison']);
    expect(dead[0].headers).toMatchObject({
      'x-error': 'poison: refused by the handler',
      'x-error-kind': 'handler',
      'x-source-topic': topic,
      'x-source-offset': '23',
    });
    await eventually('the 49 good ones', async () => (stored.length >= 49 ? true : undefined));
    expect(stored).toEqual(values.filter((v) => v !== 'poison'));
  });
  it('replaces a consumer that kafkajs stops for good (a non-retriable crash) and hands the batch over again', async () => {
    const topic = `bus-e2e-crash-${run}`;
    const metrics = new Metrics('bus-e2e-crash');
    const crashing = new KafkajsEventBus({
      brokers,
      clientId: `bus-e2e-crash-${run}`,
      logger: createLogger('bus-e2e-crash', 'error'),
      metrics,
    });
    try {
      await crashing.ensureTopics([topic]);
      await crashing.send([{ topic, key: 'K', value: Buffer.from('one') }]);
      const handled: string[] = [];
      let calls = 0;
      await crashing.subscribe<string>({
        groupId: `bus-e2e-crash-${run}`,
        topic,
        decode: (raw) => raw.toString(),
        maxAttempts: 1,
        handle: async (batch) => {
          // the first call fails with an error kafkajs does not retry (like "Failed to find group
          // coordinator" once its retries are spent): the consumer crashes without a restart
          if (calls++ === 0) throw Object.assign(new Error('coordinator gone'), { retriable: false });
          handled.push(...batch.map((e) => e.value));
        },
      });
      await eventually(
        'the message, by the replacement consumer',
        async () => (handled.length ? true : undefined),
        60_000,
      );
      expect(handled).toEqual(['one']);
      const replaced = (
        await metrics.registry.getSingleMetric('salescast_kafka_consumer_replacements_total')?.get()
      )?.values;
      expect(replaced?.find((v) => v.labels.group === `bus-e2e-crash-${run}`)?.value).toBe(1);
    } finally {
      await crashing.close();
    }
  });

  it('returns from ensureTopics only when every new topic and its DLQ has a leader, so consumers join at once', async () => {
    const topics = Array.from({ length: 12 }, (_, i) => `bus-e2e-fresh-${run}-${i}`);
    await bus.ensureTopics(topics);
    const kafka = new Kafka({ clientId: `bus-e2e-admin-${run}`, brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const all = topics.flatMap((t) => [t, `${t}.dlq`]);
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: all });
    await admin.disconnect();
    expect(metadata.map((t) => t.name).sort()).toEqual([...all].sort());
    for (const t of metadata) {
      expect(t.partitions).toHaveLength(3);
      expect(t.partitions.every((p) => p.leader >= 0)).toBe(true);
    }
    // a second call (another service starting) finds them and creates nothing
    await bus.ensureTopics(topics);
    const got: string[] = [];
    await bus.subscribe<string>({
      groupId: `bus-e2e-fresh-${run}`,
      topic: topics[0],
      decode: (raw) => raw.toString(),
      handle: async (batch) => void got.push(...batch.map((e) => e.value)),
    });
    await bus.send([{ topic: topics[0], key: 'K', value: Buffer.from('hello') }]);
    await eventually('the message on a topic created a moment ago', async () =>
      got.length ? true : undefined,
    );
    expect(got).toEqual(['hello']);
  });
});
