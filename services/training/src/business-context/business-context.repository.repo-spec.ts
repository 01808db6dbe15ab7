import { freshDatabase, FreshDatabase } from '@salescast/infra';
import { createLogger, openDatabase } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { BusinessContext1732500000006, SkuEndOfSale1732500000016 } from './business-context.migration';
import { BusinessContextRepository } from './business-context.repository';

/** Training's copy of the SKU master: the category and the planned end of sale, last one per SKU wins. */
describe('BusinessContextRepository (PostgreSQL)', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let repo: BusinessContextRepository;

  beforeAll(async () => {
    db = await freshDatabase('repo_training_context');
    ds = await openDatabase({
      url: db.url,
      schema: 'training',
      migrations: [BusinessContext1732500000006, SkuEndOfSale1732500000016],
      logger: createLogger('repo-spec', 'silent'),
    });
    repo = new BusinessContextRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('keeps each SKU’s category and planned end of sale, and forgets an end the master withdrew', async () => {
    await repo.upsertSkus([
      { sku: 'A', category: 'home', discontinuedOn: '2025-08-22' },
      { sku: 'B', category: 'toys' },
    ]);
    expect(await repo.skus()).toEqual(
      new Map([
        ['A', { category: 'home', discontinuedOn: '2025-08-22' }],
        ['B', { category: 'toys' }],
      ]),
    );
    // the master moves A to another category and drops its end; B gets one
    await repo.upsertSkus([
      { sku: 'A', category: 'garden' },
      { sku: 'B', category: 'toys', discontinuedOn: '2026-01-01' },
    ]);
    expect(await repo.categoryOf('A')).toBe('garden');
    expect(await repo.skus()).toEqual(
      new Map([
        ['A', { category: 'garden' }],
        ['B', { category: 'toys', discontinuedOn: '2026-01-01' }],
      ]),
    );
  });
});
