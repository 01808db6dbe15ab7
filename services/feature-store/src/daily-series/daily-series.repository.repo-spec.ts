import { freshDatabase, FreshDatabase } from '@salescast/infra';
import { createLogger, openDatabase } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { DailySeries1732500000001 } from './daily-series.migration';
import { DailySeriesRepository, DailyTotal } from './daily-series.repository';

describe('DailySeriesRepository (PostgreSQL)', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let repo: DailySeriesRepository;

  beforeAll(async () => {
    db = await freshDatabase('repo_feature_store');
    ds = await openDatabase({
      url: db.url,
      schema: 'feature_store',
      migrations: [DailySeries1732500000001],
      logger: createLogger('repo-spec', 'silent'),
    });
    repo = new DailySeriesRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const total = (sku: string, day: string, quantity: number, ts: string): DailyTotal => ({
    sku,
    day,
    quantity,
    revenue: quantity * 2,
    returnedQuantity: 0,
    orderLines: quantity,
    sourceTs: new Date(ts),
  });

  it('keeps the newer total of a SKU-day: an older, redelivered one never overwrites it', async () => {
    await repo.upsert([
      total('A', '2024-01-02', 5, '2024-01-02T10:00:00Z'),
      total('A', '2024-01-05', 1, '2024-01-05T10:00:00Z'),
    ]);
    await repo.upsert([total('A', '2024-01-02', 3, '2024-01-02T09:00:00Z')]); // older
    await repo.upsert([total('B', '2024-01-03', 7, '2024-01-03T10:00:00Z')]);
    expect((await repo.days('A')).map((d) => [d.day, d.quantity])).toEqual([
      ['2024-01-02', 5],
      ['2024-01-05', 1],
    ]);
    await repo.upsert([total('A', '2024-01-02', 6, '2024-01-02T11:00:00Z')]); // newer
    expect((await repo.days('A', '2024-01-01', '2024-01-03')).map((d) => d.quantity)).toEqual([6]);
  });

  it('answers which SKUs exist, the last stored day and pages of SKUs', async () => {
    expect(await repo.known('A')).toBe(true);
    expect(await repo.known('nope')).toBe(false);
    expect(await repo.lastDay()).toBe('2024-01-05');
    expect(await repo.skusAfter('', 1)).toEqual(['A']);
    expect(await repo.skusAfter('A', 10)).toEqual(['B']);
  });
});
