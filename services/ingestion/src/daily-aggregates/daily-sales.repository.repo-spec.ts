import { decodePayload, events } from '@salescast/contracts';
import { freshDatabase, FreshDatabase } from '@salescast/infra';
import { createLogger, openDatabase, OutboxRelay } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { Catalog1732500000005 } from '../migrations/catalog.migration';
import { SalesLines1732500000000 } from '../migrations/sales-lines.migration';
import { ReturnsRepository } from '../returns/returns.repository';
import { DailySalesRepository } from './daily-sales.repository';

/** The live path's SQL against PostgreSQL alone: order lines and returns → daily totals + outbox. */
describe('DailySalesRepository and ReturnsRepository (PostgreSQL)', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let lines: DailySalesRepository;
  let returns: ReturnsRepository;

  beforeAll(async () => {
    db = await freshDatabase('repo_ingestion');
    const logger = createLogger('repo-spec', 'silent');
    ds = await openDatabase({
      url: db.url,
      schema: 'ingestion',
      migrations: [SalesLines1732500000000, Catalog1732500000005],
      logger,
    });
    // never started: the tests read the outbox rows the repositories enqueue
    const relay = new OutboxRelay(ds, { send: () => Promise.reject(new Error('not relayed')) }, logger);
    lines = new DailySalesRepository(ds, relay);
    returns = new ReturnsRepository(ds, relay);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const at = (iso: string) => new Date(iso);
  const announced = async () => {
    const rows: Array<{ topic: string; payload: Buffer }> = await ds.query(
      `SELECT topic, payload FROM outbox ORDER BY id`,
    );
    return rows.map((r) => ({ topic: r.topic, ...decodePayload(events.DailySalesUpdated, r.payload) }));
  };

  it('adds new lines to their SKU-day once, and announces the new totals in the same transaction', async () => {
    const batch = [
      {
        orderId: 'O1',
        lineNo: 1,
        sku: 'A',
        quantity: 2,
        unitPrice: 5,
        orderedAt: at('2024-03-01T10:00:00Z'),
      },
      {
        orderId: 'O1',
        lineNo: 2,
        sku: 'A',
        quantity: 1,
        unitPrice: 5,
        orderedAt: at('2024-03-01T23:59:00Z'),
      },
      {
        orderId: 'O2',
        lineNo: 1,
        sku: 'B',
        quantity: 4,
        unitPrice: 1,
        orderedAt: at('2024-03-02T00:00:00Z'),
      },
    ];
    expect(await lines.recordLines(batch)).toEqual({ inserted: 3, days: 2 });
    // redelivered: nothing stored, nothing announced
    expect(await lines.recordLines(batch)).toEqual({ inserted: 0, days: 0 });
    const totals = await ds.query(
      `SELECT sku, to_char(day, 'YYYY-MM-DD') AS day, quantity, revenue, order_lines FROM daily_sales ORDER BY sku`,
    );
    expect(totals).toEqual([
      { sku: 'A', day: '2024-03-01', quantity: 3, revenue: 15, order_lines: 2 },
      { sku: 'B', day: '2024-03-02', quantity: 4, revenue: 4, order_lines: 1 },
    ]);
    const out = await announced();
    expect(out.map((e) => [e.topic, e.sku, e.date, e.quantity, e.orderLines])).toEqual([
      ['sales.daily.v1', 'A', '2024-03-01', 3, 2],
      ['sales.daily.v1', 'B', '2024-03-02', 4, 1],
    ]);
  });

  it('counts a return once on the day it happened, even before its order line arrives', async () => {
    await ds.query(`DELETE FROM outbox`);
    const r = {
      returnId: 'R1',
      orderId: 'O9',
      sku: 'C',
      quantity: 2,
      returnedAt: at('2024-03-05T08:00:00Z'),
    };
    expect(await returns.recordReturns([r])).toBe(1);
    expect(await returns.recordReturns([r])).toBe(0);
    const [row] = await ds.query(`SELECT quantity, returned_quantity FROM daily_sales WHERE sku = 'C'`);
    expect(row).toEqual({ quantity: 0, returned_quantity: 2 });
    const out = await announced();
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ sku: 'C', date: '2024-03-05', returnedQuantity: 2, quantity: 0 });
  });
});
