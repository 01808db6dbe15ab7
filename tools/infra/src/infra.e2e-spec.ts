import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type EachMessagePayload } from 'kafkajs';
import { Client } from 'pg';
import { freshDatabase, type FreshDatabase } from './fresh-database';

function required(name: 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the e2e global set-up (tools/infra) should have set it`);
  return value;
}

describe('test infrastructure', () => {
  describe('Kafka', () => {
    const kafka = new Kafka({
      clientId: 'infra-e2e',
      brokers: required('KAFKA_BROKERS').split(','),
      logLevel: logLevel.WARN,
    });

    it('delivers a keyed message from a producer to a consumer group', async () => {
      const topic = `infra.e2e.${randomUUID()}`;
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
      await admin.disconnect();

      const consumer = kafka.consumer({ groupId: `infra-e2e-${randomUUID()}` });
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await Promise.all([consumer.connect(), producer.connect()]);
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        const received = new Promise<EachMessagePayload>((resolve) => {
          void consumer.run({ eachMessage: async (payload) => resolve(payload) });
        });
        const value = JSON.stringify({ sku: 'SKU-1', quantity: 3 });
        await producer.send({
          topic,
          messages: [{ key: 'SKU-1', value, headers: { 'content-type': 'application/json' } }],
        });

        const { message } = await received;
        expect(message.key?.toString()).toBe('SKU-1');
        expect(JSON.parse(message.value?.toString() ?? 'null')).toEqual({ sku: 'SKU-1', quantity: 3 });
        expect(message.headers?.['content-type']?.toString()).toBe('application/json');
      } finally {
        await Promise.all([consumer.disconnect(), producer.disconnect()]);
      }
    });
  });

  describe('PostgreSQL', () => {
    let database: FreshDatabase;

    beforeAll(async () => {
      database = await freshDatabase('infra e2e');
    });
    afterAll(async () => {
      await database?.drop();
    });

    it('runs queries in a fresh database of its own', async () => {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ db: string; major: number }>(
          "SELECT current_database() AS db, current_setting('server_version_num')::int / 10000 AS major",
        );
        expect(rows[0].db).toBe(database.name);
        expect(rows[0].major).toBeGreaterThanOrEqual(15);

        await client.query('CREATE TABLE sales (sku text PRIMARY KEY, quantity int NOT NULL)');
        await client.query(
          "INSERT INTO sales VALUES ('SKU-1', 2) ON CONFLICT (sku) DO UPDATE SET quantity = sales.quantity + EXCLUDED.quantity",
        );
        await client.query(
          "INSERT INTO sales VALUES ('SKU-1', 5) ON CONFLICT (sku) DO UPDATE SET quantity = sales.quantity + EXCLUDED.quantity",
        );
        const total = await client.query<{ quantity: number }>(
          "SELECT quantity FROM sales WHERE sku = 'SKU-1'",
        );
        expect(total.rows).toEqual([{ quantity: 7 }]);
      } finally {
        await client.end();
      }
    });

    it("keeps suites apart: the shared database does not see the fresh one's tables", async () => {
      const shared = new Client({ connectionString: required('DATABASE_URL') });
      await shared.connect();
      try {
        const { rows } = await shared.query("SELECT to_regclass('public.sales') AS table");
        expect(rows[0].table).toBeNull();
      } finally {
        await shared.end();
      }
    });

    it('drops the database with its open connections', async () => {
      const scratch = await freshDatabase('infra drop');
      const lingering = new Client({ connectionString: scratch.url });
      await lingering.connect();
      lingering.on('error', () => undefined); // the forced drop terminates this connection
      await scratch.drop();

      const shared = new Client({ connectionString: required('DATABASE_URL') });
      await shared.connect();
      try {
        const { rowCount } = await shared.query('SELECT 1 FROM pg_database WHERE datname = $1', [
          scratch.name,
        ]);
        expect(rowCount).toBe(0);
      } finally {
        await shared.end();
        await lingering.end().catch(() => undefined);
      }
    });
  });
});
