import { freshDatabase, FreshDatabase } from '@salescast/infra';
import { createLogger, openDatabase } from '@salescast/platform';
import { DataSource } from 'typeorm';
import { Accuracy1732500000004 } from '../accuracy/accuracy.migration';
import { Monitoring1732500000010 } from '../monitoring.migration';
import { DriftRepository } from './drift.repository';

/** The champions drift is judged against, as models.promoted.v1 batches record them. */
describe('DriftRepository (PostgreSQL)', () => {
  let db: FreshDatabase;
  let ds: DataSource;
  let repo: DriftRepository;

  beforeAll(async () => {
    db = await freshDatabase('repo_alerting_drift');
    ds = await openDatabase({
      url: db.url,
      schema: 'alerting',
      migrations: [Accuracy1732500000004, Monitoring1732500000010],
      logger: createLogger('repo-spec', 'silent'),
    });
    repo = new DriftRepository(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const at = (s: string) => new Date(`2025-07-01T${s}Z`);

  it('keeps the latest promotion of a SKU promoted twice in one batch, and ignores an older redelivery', async () => {
    await repo.recordChampions([
      { sku: 'A', modelVersionId: 'fit', originDate: '2025-06-30', promotedAt: at('10:00:00') },
      { sku: 'B', modelVersionId: 'b1', originDate: '2025-06-29', promotedAt: at('10:00:00') },
      // the run's reconciled version, promoted a moment after its fit
      { sku: 'A', modelVersionId: 'reconciled', originDate: '2025-06-30', promotedAt: at('10:00:05') },
    ]);
    expect(await repo.champion('A')).toEqual({
      sku: 'A',
      model_version_id: 'reconciled',
      origin_date: '2025-06-30',
    });
    expect((await repo.champion('B'))?.model_version_id).toBe('b1');
    // the same two, in the other order (partitions interleave): still the later one
    await repo.recordChampions([
      { sku: 'C', modelVersionId: 'later', originDate: '2025-06-30', promotedAt: at('11:00:05') },
      { sku: 'C', modelVersionId: 'earlier', originDate: '2025-06-30', promotedAt: at('11:00:00') },
    ]);
    expect((await repo.champion('C'))?.model_version_id).toBe('later');
    // a redelivered older promotion does not take A back
    await repo.recordChampions([
      { sku: 'A', modelVersionId: 'fit', originDate: '2025-06-30', promotedAt: at('10:00:00') },
    ]);
    expect((await repo.champion('A'))?.model_version_id).toBe('reconciled');
  });
});
