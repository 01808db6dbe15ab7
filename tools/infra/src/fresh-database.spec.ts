import { databaseName, withDatabase } from './fresh-database';

describe('databaseName', () => {
  it('keeps a plain label and appends the suffix', () => {
    expect(databaseName('ingestion', 'ab12cd34')).toBe('ingestion_ab12cd34');
  });

  it('lower-cases and replaces characters that would need quoting', () => {
    expect(databaseName('Sales-Lines handler.e2e', '00ff')).toBe('sales_lines_handler_e2e_00ff');
  });

  it('never starts with a digit and never comes out empty', () => {
    expect(databaseName('2024 backfill', 'x1')).toBe('t_2024_backfill_x1');
    expect(databaseName('---', 'x1')).toBe('test_x1');
  });

  it('stays within the 63-byte identifier limit, keeping the whole suffix', () => {
    const name = databaseName('a'.repeat(200), 'deadbeef');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name.endsWith('_deadbeef')).toBe(true);
  });

  it('gives two suites with the same label different names', () => {
    expect(databaseName('same')).not.toBe(databaseName('same'));
  });
});

describe('withDatabase', () => {
  it('replaces only the database of the URL', () => {
    expect(withDatabase('postgres://test:secret@localhost:5433/salescast?sslmode=disable', 'suite_1')).toBe(
      'postgres://test:secret@localhost:5433/suite_1?sslmode=disable',
    );
  });
});
