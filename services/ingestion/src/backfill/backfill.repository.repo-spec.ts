import { decodePayload, events } from '@salescast/contracts';
import { freshDatabase, FreshDatabase } from '@salescast/infra';
import { createLogger, openDatabase } from '@salescast/platform';
import type { PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { Catalog1732500000005 } from '../migrations/catalog.migration';
import { SalesLines1732500000000 } from '../migrations/sales-lines.migration';
import { copyRows, hasTable, insertStaged, prepareStaging, rebuildDailySales } from './backfill.repository';

/** The backfill's SQL on ingestion's tables (what tools/loader runs), against PostgreSQL alone. */
describe('backfill repository (PostgreSQL)', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let runner: QueryRunner;
  let client: PoolClient;

  beforeAll(async () => {
    db = await freshDatabase('repo_backfill');
    ds = await openDatabase({
      url: db.url,
      schema: 'ingestion',
      migrations: [SalesLines1732500000000, Catalog1732500000005],
      logger: createLogger('repo-spec', 'silent'),
    });
    runner = ds.createQueryRunner();
    client = (await runner.connect()) as PoolClient;
  });
  afterAll(async () => {
    await runner?.release();
    await ds?.destroy();
    await db?.drop();
  });

  it('finds the tables the service migrations created', async () => {
    expect(await hasTable(client, 'order_lines')).toBe(true);
    expect(await hasTable(client, 'returns')).toBe(true);
  });

  it('copies rows, skips stored keys through staging, rebuilds totals and announces only changed days', async () => {
    const csv = (rows: string[]) => rows.map((r) => Buffer.from(`${r}\n`));
    expect(
      await copyRows(
        client,
        'order_lines',
        csv([
          'O1,1,A,2,5,2024-03-01T10:00:00Z',
          'O2,1,A,1,5,2024-03-01T11:00:00Z',
          'O3,1,B,3,2,2024-03-02T00:00:00Z',
        ]),
      ),
    ).toBe(3);
    await client.query('BEGIN');
    await prepareStaging(client, 'order_lines');
    await copyRows(
      client,
      'order_lines',
      csv(['O1,1,A,2,5,2024-03-01T10:00:00Z', 'O4,1,B,1,2,2024-03-02T09:00:00Z']),
      'staging',
    );
    expect(await insertStaged(client, 'order_lines')).toBe(1); // O1 was stored already
    await client.query('COMMIT');
    await copyRows(client, 'returns', csv(['R1,O3,B,1,2024-03-02T12:00:00Z']));

    const rebuild = async () => {
      await client.query('BEGIN');
      const n = await rebuildDailySales(
        client,
        runner.manager,
        { from: '2024-03-01', to: '2024-03-02' },
        true,
      );
      await client.query('COMMIT');
      return n;
    };
    expect(await rebuild()).toBe(2);
    expect(
      await ds.query(
        `SELECT sku, quantity, revenue, returned_quantity, order_lines FROM daily_sales ORDER BY sku`,
      ),
    ).toEqual([
      { sku: 'A', quantity: 3, revenue: 15, returned_quantity: 0, order_lines: 2 },
      { sku: 'B', quantity: 4, revenue: 8, returned_quantity: 1, order_lines: 2 },
    ]);
    const out = (await ds.query(`SELECT payload FROM outbox ORDER BY id`)).map((r: { payload: Buffer }) =>
      decodePayload(events.DailySalesUpdated, r.payload),
    );
    expect(out.map((e: events.DailySalesUpdated) => [e.sku, e.date, e.quantity, e.returnedQuantity])).toEqual(
      [
        ['A', '2024-03-01', 3, 0],
        ['B', '2024-03-02', 4, 1],
      ],
    );
    // unchanged data: nothing rewritten, nothing announced again
    expect(await rebuild()).toBe(0);
    expect((await ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n).toBe(2);
  });
});
