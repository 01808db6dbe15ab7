import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParsedRow, readRecords, RecordKind } from '@salescast/datagen';
import { lineRecords } from './line-records';

async function collect<T>(rows: AsyncIterable<ParsedRow<T>>) {
  const out: Array<[number, string]> = [];
  for await (const r of rows)
    out.push(
      r.ok
        ? [r.line, JSON.stringify(r.record)]
        : [r.reject.line, `reject: ${r.reject.reason} | ${r.reject.raw}`],
    );
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'line-records-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('lineRecords', () => {
  const SALES = [
    'order_id,line_no,sku,quantity,unit_price,ordered_at',
    'O1,1,A,2,9.99,2024-03-01T10:00:00Z',
    'O1,2,A,zero,9.99,2024-03-01T10:00:00Z',
    '"O2",1,"B, the big one",1,4.00,2024-03-01T11:00:00Z',
    'O3,1,"multi',
    'line sku",1,4.00,2024-03-01T11:00:00Z',
    'O4,1,B,1,4.00',
    'O5,1,B,3,4.00,2024-02-30T11:00:00Z',
    'O6,1,B,3,4.00,2024-03-02T11:00:00Z',
    '',
  ].join('\n');

  it.each<[string, RecordKind, string]>([
    ['plain, quoted, multi-line and bad rows', 'sales_lines', SALES],
    [
      'columns in another order',
      'returns',
      'sku,return_id,order_id,quantity,returned_at\nA,R1,O1,1,2024-03-05T10:00:00Z\nA,R2,O1,-1,2024-03-05T10:00:00Z\n',
    ],
    [
      'a header missing a column',
      'returns',
      'return_id,order_id,sku,returned_at\nR1,O1,A,2024-03-05T10:00:00Z\n',
    ],
  ])('yields what readRecords yields for %s', async (_, kind, text) => {
    const path = file(`${kind}-${Math.random()}.csv`, text);
    const reference = await collect(readRecords(kind, path, { file: 'f.csv', dedupe: false }));
    expect(await collect(lineRecords(kind, path, { file: 'f.csv' }))).toEqual(reference);
    expect(reference.length).toBeGreaterThan(0);
  });

  it('skips the lines up to fromLine, counting lines of multi-line records', async () => {
    const path = file('resume.csv', SALES);
    const rows = await collect(lineRecords('sales_lines', path, { fromLine: 5 }));
    expect(rows.map(([line]) => line)).toEqual([7, 8, 9]);
  });

  // readRecords (csv-parse) numbers a row after an empty line, or after a quoted CRLF line break, one
  // line too early and keeps the CR in its raw text; these give the line as an editor shows it.
  it('numbers rows by their line in the file across empty lines, CRLF ends and a BOM', async () => {
    const text =
      '\uFEFF' +
      [
        'order_id,line_no,sku,quantity,unit_price,ordered_at',
        'O1,1,A,2,9.99,2024-03-01T10:00:00Z',
        '',
        'O2,1,"multi',
        'line",1,4,2024-03-01T11:00:00Z',
        'O3,1,B,0,4,2024-03-01T11:00:00Z',
        '',
      ].join('\r\n');
    const rows = await collect(lineRecords('sales_lines', file('crlf.csv', text)));
    expect(
      rows.map(([line, what]) => [line, what.startsWith('reject') ? what : JSON.parse(what).orderId]),
    ).toEqual([
      [2, 'O1'],
      [4, 'O2'],
      [6, "reject: 'quantity' must be > 0, got 0 | O3,1,B,0,4,2024-03-01T11:00:00Z"],
    ]);
  });

  it('reports a quote left open at the end of the file', async () => {
    const path = file(
      'open.csv',
      'order_id,line_no,sku,quantity,unit_price,ordered_at\nO1,1,"A,1,1,2024-03-01T10:00:00Z\n',
    );
    const rows = await collect(lineRecords('sales_lines', path));
    expect(rows).toEqual([[2, expect.stringMatching(/reject: malformed CSV: quote not closed/)]]);
  });
});
