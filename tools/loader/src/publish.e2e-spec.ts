import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@salescast/stack';
import { topicSubscription } from '@salescast/platform/kafka/contract-events';
import { KafkajsEventBus, keyPartition } from '@salescast/platform/kafka/kafkajs-event-bus';
import { createLogger } from '@salescast/platform/logging/logger';
import { Metrics } from '@salescast/platform/metrics/metrics';
import { publish } from './publish';

describe('salescast publish', () => {
  const run = Date.now().toString(36);
  const dir = mkdtempSync(join(tmpdir(), 'publish-e2e-'));
  const lines = Array.from(
    { length: 2500 },
    (_, i) =>
      `P${run}-${Math.floor(i / 3)},${(i % 3) + 1},SKU-${run}-${i % 7},${1 + (i % 4)},2.50,2024-03-0${1 + (i % 9)}T10:00:00Z`,
  );
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  let bus: KafkajsEventBus;

  beforeAll(() => {
    // one bad row: published rows = valid rows only
    writeFileSync(
      join(dir, 'sales_lines.csv'),
      [
        'order_id,line_no,sku,quantity,unit_price,ordered_at',
        ...lines,
        `P${run}-x,1,SKU-1,0,1,2024-03-01T10:00:00Z`,
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'returns.csv'),
      `return_id,order_id,sku,quantity,returned_at\nR${run}-1,P${run}-0,SKU-${run}-0,1,2024-03-05T10:00:00Z\n`,
    );
    bus = new KafkajsEventBus({
      brokers,
      clientId: 'publish-e2e',
      logger: createLogger('publish-e2e', 'warn'),
      metrics: new Metrics('publish-e2e'),
    });
  });

  afterAll(() => bus.close());

  it('publishes every valid row once as a protobuf event keyed by SKU, in small batches with several in flight', async () => {
    const summary = await publish({
      brokers,
      dataDir: dir,
      kinds: ['sales_lines', 'returns'],
      batchSize: 300,
      inFlight: 3,
    });
    expect(summary.published).toEqual({ sales_lines: lines.length, returns: 1 });
    expect(summary.rejects.total).toBe(1);

    const seen = new Map<string, string | undefined>();
    await bus.subscribe(
      topicSubscription('erp.sales-lines.v1', {
        groupId: `publish-e2e-${run}`,
        handle: async (batch) => {
          for (const e of batch)
            if (e.value.orderId.startsWith(`P${run}-`))
              seen.set(`${e.value.orderId}/${e.value.lineNo}`, e.key);
        },
      }),
    );
    await eventually(
      `${lines.length} lines consumed back`,
      async () => (seen.size >= lines.length ? true : undefined),
      120_000,
    );
    expect(seen.size).toBe(lines.length);
    const [orderId, lineNo, sku] = lines[10].split(',');
    expect(seen.get(`${orderId}/${lineNo}`)).toBe(sku);
  });

  it('splits the partitions over publishing threads: every valid row once, each key on its partition, each reject once', async () => {
    const run2 = `${run}w`;
    const dir2 = mkdtempSync(join(tmpdir(), 'publish-workers-e2e-'));
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `W${run2}-${i},1,SKU-${run2}-${i % 11},1,2.50,2024-03-01T10:00:00Z`,
    );
    writeFileSync(
      join(dir2, 'sales_lines.csv'),
      [
        'order_id,line_no,sku,quantity,unit_price,ordered_at',
        ...rows.slice(0, 1500),
        `W${run2}-x,1,S,0,1,2024-03-01T10:00:00Z`, // quantity 0: a reject, before the limit
        ...rows.slice(1500),
        '',
      ].join('\n'),
    );
    const summary = await publish({
      brokers,
      dataDir: dir2,
      kinds: ['sales_lines'],
      batchSize: 400,
      workers: 2,
      limit: 2900,
    });
    expect(summary.published).toEqual({ sales_lines: 2900 });
    expect(summary.rejects.total).toBe(1); // read by both threads, reported once

    const seen = new Map<string, { key?: string; partition: number }>();
    await bus.subscribe(
      topicSubscription('erp.sales-lines.v1', {
        groupId: `publish-workers-e2e-${run2}`,
        handle: async (batch) => {
          for (const e of batch)
            if (e.value.orderId.startsWith(`W${run2}-`))
              seen.set(e.value.orderId, { key: e.key, partition: e.partition });
        },
      }),
    );
    await eventually('2900 lines consumed back', async () => (seen.size >= 2900 ? true : undefined), 120_000);
    expect(seen.size).toBe(2900);
    for (const { key, partition } of seen.values()) expect(partition).toBe(keyPartition(key as string, 3));
  });
});
