import { Client } from 'pg';
import { dailyTotals, ErpPublisher, generateLines } from './support/erp';
import { eventually, metricValue, sleep } from '@salescast/stack';
import { Stack } from '@salescast/stack';
import { freshDatabase } from '@salescast/infra';

/**
 * At-least-once delivery, exactly-once effect: services are killed with SIGKILL in the middle of a
 * stream of ERP events and started again; afterwards every line is stored exactly once and every
 * daily total (in ingestion and in the feature store) equals the sum of the published lines.
 */
describe('crash recovery', () => {
  const run = Date.now().toString(36);
  const skus = Array.from({ length: 6 }, (_, i) => `CRASH-${run}-${i}`);
  const lines = generateLines(skus, '2024-01-01', 240, 3);
  let stack: Stack;
  let erp: ErpPublisher;
  let db: Client;

  beforeAll(async () => {
    const { url } = await freshDatabase('e2e_crash');
    stack = await Stack.create(url, ['ingestion', 'feature-store']);
    await stack.startAll();
    erp = new ErpPublisher();
    await erp.connect();
    db = new Client({ connectionString: url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await erp?.close();
    await stack?.stopAll();
  });

  it('loses no event and duplicates no row when ingestion and the feature store are killed mid-stream', async () => {
    const ingestion = stack.get('ingestion');
    const featureStore = stack.get('feature-store');
    // publish in the background, in small chunks, while we kill and restart services
    const publishing = (async () => {
      for (let i = 0; i < lines.length; i += 1500) {
        await erp.publishLines(lines.slice(i, i + 1500), 1500);
        await sleep(30);
      }
    })();

    const storedAtKill = await eventually('ingestion to store some lines', async () => {
      const v = metricValue(await ingestion.metrics(), 'salescast_ingestion_lines_stored_total');
      return v !== undefined && v > 2000 ? v : undefined;
    });
    await ingestion.kill();
    await featureStore.kill();
    expect(storedAtKill).toBeLessThan(lines.length); // killed mid-stream, not after the fact
    await ingestion.start();
    await sleep(500);
    await featureStore.kill();
    await featureStore.start();
    await publishing;

    const expected = dailyTotals(lines);
    const expectedTotal = lines.reduce((s, l) => s + l.quantity, 0);
    await eventually(
      'feature store totals to match the published lines',
      async () => {
        const [{ q }] = (
          await db.query(
            `SELECT coalesce(sum(quantity), 0)::float8 AS q FROM feature_store.daily_series WHERE sku LIKE $1`,
            [`CRASH-${run}-%`],
          )
        ).rows;
        return q === expectedTotal ? q : undefined;
      },
      120_000,
      500,
    );

    const [{ n, distinct }] = (
      await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT (order_id, line_no))::int AS distinct FROM ingestion.order_lines WHERE sku LIKE $1`,
        [`CRASH-${run}-%`],
      )
    ).rows;
    expect(n).toBe(lines.length);
    expect(distinct).toBe(lines.length);

    for (const table of ['ingestion.daily_sales', 'feature_store.daily_series']) {
      const rows = (
        await db.query(
          `SELECT sku, to_char(day, 'YYYY-MM-DD') AS day, quantity FROM ${table} WHERE sku LIKE $1`,
          [`CRASH-${run}-%`],
        )
      ).rows as Array<{ sku: string; day: string; quantity: number }>;
      const got = new Map(rows.map((r) => [`${r.sku}|${r.day}`, Number(r.quantity)]));
      let days = 0;
      for (const [sku, byDay] of expected)
        for (const [day, q] of byDay) {
          expect({ table, sku, day, q: got.get(`${sku}|${day}`) }).toEqual({ table, sku, day, q });
          days++;
        }
      expect(rows).toHaveLength(days);
    }
    // the outbox drained: every daily total was announced
    const [{ pending }] = (await db.query(`SELECT count(*)::int AS pending FROM ingestion.outbox`)).rows;
    expect(pending).toBe(0);
  });
});
