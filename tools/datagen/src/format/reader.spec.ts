import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ParsedRow, readRecords, Reject } from './reader';
import { RecordKind, RecordTypes } from './records';
import { RejectLog } from './rejects';

async function readAll<K extends RecordKind>(kind: K, text: string, knownSkus?: string[]) {
  const rows: ParsedRow<RecordTypes[K]>[] = [];
  for await (const row of readRecords(kind, Readable.from([text]), {
    file: `${kind}.csv`,
    knownSkus: knownSkus && new Set(knownSkus),
  }))
    rows.push(row);
  const records = rows.flatMap((r) => (r.ok ? [r] : []));
  const rejects = rows.flatMap((r) => (r.ok ? [] : [r.reject]));
  return { records, rejects };
}

const SALES_HEADER = 'order_id,line_no,sku,quantity,unit_price,ordered_at\n';

describe('readRecords', () => {
  it('yields typed sales lines with their file line and UTC day', async () => {
    const { records, rejects } = await readAll(
      'sales_lines',
      SALES_HEADER + 'O1,1,A,2,9.99,2024-03-01T23:59:59Z\nO1,2,B,1.5,0,2024-03-02T00:00:00.123+00:00\n',
      ['A', 'B'],
    );
    expect(rejects).toEqual([]);
    expect(
      records.map((r) => [r.line, r.record.sku, r.record.quantity, r.record.unitPrice, r.record.day]),
    ).toEqual([
      [2, 'A', 2, 9.99, '2024-03-01'],
      [3, 'B', 1.5, 0, '2024-03-02'],
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['an unparsable quantity', 'O1,1,A,two,9.99,2024-03-01T10:00:00Z', /'quantity' is not a number/],
    ['a zero quantity', 'O1,1,A,0,9.99,2024-03-01T10:00:00Z', /'quantity' must be > 0, got 0/],
    ['a negative quantity', 'O1,1,A,-3,9.99,2024-03-01T10:00:00Z', /'quantity' must be > 0, got -3/],
    ['an unparsable price', 'O1,1,A,1,9.9x,2024-03-01T10:00:00Z', /'unit_price' is not a number: '9.9x'/],
    ['an extra field', 'O1,1,A,1,9,99,2024-03-01T10:00:00Z', /expected 6 fields .* got 7/],
    ['a negative price', 'O1,1,A,1,-1,2024-03-01T10:00:00Z', /'unit_price' must be >= 0/],
    ['a non-integer line number', 'O1,1.5,A,1,9.99,2024-03-01T10:00:00Z', /'line_no' is not an integer/],
    [
      'a local (non-UTC) timestamp',
      'O1,1,A,1,9.99,2024-03-01T10:00:00+02:00',
      /not an ISO-8601 UTC timestamp/,
    ],
    ['an impossible date', 'O1,1,A,1,9.99,2024-02-30T10:00:00Z', /not an ISO-8601 UTC timestamp/],
    ['a missing field', 'O1,1,A,1,9.99', /expected 6 fields .* got 5/],
    ['an empty required field', 'O1,1,,1,9.99,2024-03-01T10:00:00Z', /empty 'sku'/],
    ['an unknown SKU', 'O1,1,ZZZ,1,9.99,2024-03-01T10:00:00Z', /unknown sku 'ZZZ'/],
  ])('rejects a sales line with %s, keeping line and raw text', async (_, row, reason) => {
    const { records, rejects } = await readAll(
      'sales_lines',
      SALES_HEADER + 'O0,1,A,1,1,2024-01-01T00:00:00Z\n' + row + '\n',
      ['A'],
    );
    expect(records).toHaveLength(1);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ file: 'sales_lines.csv', line: 3, raw: row });
    expect(rejects[0].reason).toMatch(reason);
  });

  it('rejects a duplicate order line but keeps the first', async () => {
    const row = 'O1,1,A,1,9.99,2024-03-01T10:00:00Z\n';
    const { records, rejects } = await readAll(
      'sales_lines',
      SALES_HEADER + row + 'O1,2,A,1,9.99,2024-03-01T10:00:00Z\n' + row,
    );
    expect(records.map((r) => r.line)).toEqual([2, 3]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [4, 'duplicate of an earlier row (same order_id + line_no)'],
    ]);
  });

  it('rejects every row of a file whose header lacks a required column', async () => {
    const { records, rejects } = await readAll(
      'returns',
      'return_id,order_id,sku,returned_at\nR1,O1,A,2024-03-05T10:00:00Z\nR2,O2,A,2024-03-05T10:00:00Z\n',
    );
    expect(records).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual([
      "missing column 'quantity' in header",
      "missing column 'quantity' in header",
    ]);
  });

  it('rejects a return of an unknown SKU', async () => {
    const { records, rejects } = await readAll(
      'returns',
      'return_id,order_id,sku,quantity,returned_at\nR1,O1,A,1,2024-03-05T10:00:00Z\nR2,O1,B,1,2024-03-05T10:00:00Z\n',
      ['A'],
    );
    expect(records.map((r) => r.record.returnId)).toEqual(['R1']);
    expect(rejects[0]).toMatchObject({ line: 3, reason: "unknown sku 'B' (not in skus.csv)" });
  });

  it('accepts columns in any order and optional columns left out', async () => {
    const { records, rejects } = await readAll(
      'skus',
      'name,sku,unit_price,category,launched_on\nMug,A,4.5,kitchen,2019-05-01\n',
    );
    expect(rejects).toEqual([]);
    expect(records[0].record).toEqual({
      sku: 'A',
      name: 'Mug',
      category: 'kitchen',
      unitPrice: 4.5,
      launchedOn: '2019-05-01',
    });
  });

  it('rejects SKU rows with bad dates and events with bad kind, scope or order of dates', async () => {
    const skus = await readAll(
      'skus',
      'sku,name,category,unit_price,launched_on,discontinued_on\nA,x,c,1,2019-13-01,\nB,x,c,1,2019-05-01,2019-04-01\n',
    );
    expect(skus.rejects.map((r) => r.reason)).toEqual([
      "'launched_on' is not a date (want YYYY-MM-DD): '2019-13-01'",
      'discontinued_on 2019-04-01 is before launched_on 2019-05-01',
    ]);
    const events = await readAll(
      'business_events',
      'kind,starts_on,ends_on,scope,description\nclosure,2024-11-16,,all,x\nshutdown,2024-11-16,,everything,x\npromotion,2024-05-10,2024-05-01,all,x\nshutdown,2024-11-16,,all,"Closed, for good"\n',
    );
    expect(events.rejects.map((r) => r.reason)).toEqual([
      "'kind' must be one of shutdown|reopening|promotion, got 'closure'",
      "'scope' must be all, category:<name> or sku:<id>, got 'everything'",
      'ends_on 2024-05-01 is before starts_on 2024-05-10',
    ]);
    expect(events.records.map((r) => r.record)).toEqual([
      { kind: 'shutdown', startsOn: '2024-11-16', scope: 'all', description: 'Closed, for good' },
    ]);
  });

  it('rejects supply terms with a zero MOQ or a negative lead time', async () => {
    const { rejects } = await readAll(
      'supply_terms',
      'sku,supplier,moq,lead_time_days\nA,S,0,10\nB,S,5,-1\nC,S,5,0\n',
    );
    expect(rejects.map((r) => r.reason)).toEqual([
      "'moq' must be > 0, got 0",
      "'lead_time_days' must be >= 0, got -1",
    ]);
  });

  it('turns malformed CSV (an unclosed quote) into rejects instead of failing', async () => {
    const { records, rejects } = await readAll(
      'sales_lines',
      SALES_HEADER + 'O1,1,A,1,1,2024-03-01T10:00:00Z\n"O2,1,A,1,1,2024-03-01T10:00:00Z\n',
    );
    expect(records).toHaveLength(1);
    expect(rejects.length).toBeGreaterThan(0);
    expect(rejects.every((r) => r.reason.startsWith('malformed CSV'))).toBe(true);
    expect(rejects.some((r) => r.raw.includes('O2'))).toBe(true);
  });

  it('throws for a file that does not exist (I/O, not data, error)', async () => {
    await expect(readRecords('skus', '/nonexistent/skus.csv').next()).rejects.toThrow(/ENOENT/);
  });
});

describe('RejectLog', () => {
  it('writes rejects.csv with quoted raw rows and summarises counts per file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rejects-')), 'rejects.csv');
    const log = new RejectLog(path);
    const rejects: Reject[] = [
      { file: 'sales_lines.csv', line: 7, reason: "'quantity' must be > 0, got 0", raw: 'O1,1,A,0,1,"2024"' },
      { file: 'returns.csv', line: 2, reason: 'x', raw: 'R' },
      { file: 'sales_lines.csv', line: 9, reason: 'y', raw: 'O2' },
    ];
    rejects.forEach((r) => log.add(r));
    await log.close();
    expect(log.total).toBe(3);
    expect(log.byFile()).toEqual({ 'sales_lines.csv': 2, 'returns.csv': 1 });
    expect(log.summary()).toContain('skipped 3 rows');
    const rows = parse(readFileSync(path), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({
      file: 'sales_lines.csv',
      line: '7',
      reason: "'quantity' must be > 0, got 0",
      raw: 'O1,1,A,0,1,"2024"',
    });
    expect(rows).toHaveLength(3);
  });
});
