import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Reject } from '@salescast/datagen';
import { CopyChunk, copyChunks } from './csv-chunks';
import { lineRecords } from './line-records';
import { LOAD_TARGETS } from './targets';

const sales = LOAD_TARGETS[0];

/** A row as PostgreSQL reads it: numbers by value ('3.50' and '3.5' are the same float8). */
const meaning = (row: string[]) => row.map((v, i) => ([1, 3, 4].includes(i) ? Number(v) : v));
const dir = mkdtempSync(join(tmpdir(), 'csv-chunks-'));

async function readAll(path: string, chunkRows: number, fromLine = 0) {
  const rejects: Reject[] = [];
  const chunks: CopyChunk[] = [];
  for await (const c of copyChunks(sales, path, { chunkRows, fromLine, onReject: (r) => rejects.push(r) }))
    chunks.push(c);
  const rows = (parse(Buffer.concat(chunks.flatMap((c) => c.parts))) as string[][]).map(meaning);
  return { chunks, rows, rejects };
}

/** The reference reader's accepted rows, as the column values COPY receives. */
async function reference(path: string, fromLine = 0) {
  const rows: Array<Array<string | number>> = [];
  const rejects: Reject[] = [];
  for await (const r of lineRecords('sales_lines', path, { fromLine })) {
    if (!r.ok) rejects.push(r.reject);
    else if (sales.problem(r.record)) rejects.push({ file: path, line: r.line, reason: 'problem', raw: '' });
    else rows.push(meaning(sales.values(r.record).map(String)));
  }
  return { rows, rejects };
}

// a file of > 1 MB, so that lines straddle the reader's buffers, with every kind of line mixed in
const lines = ['order_id,line_no,sku,quantity,unit_price,ordered_at'];
for (let i = 0; i < 40_000; i++) {
  const day = `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
  if (i % 997 === 5) lines.push(`"O${i}, quoted",1,SKU-${i % 7},2,3.50,${day}T10:00:00Z`);
  else if (i % 991 === 7) lines.push(`"O${i}\nspanning",1,SKU-${i % 7},2,3.50,${day}T10:00:00Z`);
  else if (i % 983 === 3)
    lines.push(`O${i},1,SKU-${i % 7},2.5,3.50,${day}T10:00:00Z`); // reject
  else if (i % 977 === 2)
    lines.push(`O${i},1, SKU-${i % 7} ,02,3.50,${day}T10:00:00Z`); // trimmed
  else if (i % 971 === 1)
    lines.push(`O${i},1,SKU-${i % 7},2,3.50,${day}T10:00:00Z\r`); // CRLF
  else if (i % 967 === 0) lines.push('');
  else if (i % 961 === 4)
    lines.push(`O${i},1,SKU-${i % 7},2,3.50,2023-02-29T10:00:00Z`); // reject
  else if (i % 953 === 6) lines.push(`Ö${i},1,SKU-é,2,3.50,${day}T10:00:00Z`);
  else
    lines.push(
      `O${i},${1 + (i % 3)},SKU-${i % 7},${1 + (i % 5)},${i % 100}.99,${day}T10:${String(i % 60).padStart(2, '0')}:00Z`,
    );
}
const mixed = join(dir, 'mixed.csv');
writeFileSync(mixed, lines.join('\n')); // no newline after the last line

describe('copyChunks', () => {
  it('yields exactly the rows and rejects of the reference reader, across read buffers', async () => {
    const ours = await readAll(mixed, 7000);
    const ref = await reference(mixed);
    expect(ours.rows).toEqual(ref.rows);
    expect(ours.rejects.map((r) => r.line)).toEqual(ref.rejects.map((r) => r.line));
    expect(ours.rejects.length).toBeGreaterThan(50);
  });

  it('cuts chunks of the given size, each covering its lines and days', async () => {
    const { chunks, rows } = await readAll(mixed, 7000);
    expect(chunks.slice(0, -1).every((c) => c.rows === 7000)).toBe(true);
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBe(rows.length);
    const lastLines = chunks.map((c) => c.lastLine);
    expect([...lastLines].sort((a, b) => a - b)).toEqual(lastLines);
    expect(chunks[chunks.length - 1].lastLine).toBe(lines.join('\n').split('\n').length);
    expect(chunks[0]).toMatchObject({ minDayNumber: 20240101, maxDayNumber: 20240928 });
  });

  it('resumes after a line as the reference does', async () => {
    const ours = await readAll(mixed, 5000, 12_345);
    const ref = await reference(mixed, 12_345);
    expect(ours.rows).toEqual(ref.rows);
    expect(ours.rejects.map((r) => r.line)).toEqual(ref.rejects.map((r) => r.line));
  });

  it('reads another column order through the reference path', async () => {
    const path = join(dir, 'reordered.csv');
    writeFileSync(
      path,
      'sku,order_id,line_no,quantity,unit_price,ordered_at\nA,O1,1,2,9.99,2024-03-01T10:00:00Z\n',
    );
    const { rows } = await readAll(path, 10);
    expect(rows).toEqual([['O1', 1, 'A', 2, 9.99, '2024-03-01T10:00:00Z']]);
  });

  it('rejects every row of a file that lacks a column, covering its lines', async () => {
    const path = join(dir, 'missing.csv');
    writeFileSync(path, 'order_id,line_no,sku,quantity\nO1,1,A,2\nO2,1,A,2\n');
    const { chunks, rejects } = await readAll(path, 10);
    expect(rejects.map((r) => r.line)).toEqual([2, 3]);
    expect(rejects[0].reason).toMatch(/unit_price/);
    expect(chunks.map((c) => [c.rows, c.lastLine])).toEqual([[0, 3]]);
  });

  it('rejects numbers the table columns cannot hold, instead of failing the chunk', async () => {
    const path = join(dir, 'wide.csv');
    writeFileSync(
      path,
      'order_id,line_no,sku,quantity,unit_price,ordered_at\nO1,3000000000,A,2,9.99,2024-03-01T10:00:00Z\n' +
        'O2,1,A,3000000000,9.99,2024-03-01T10:00:00Z\nO3,1,A,2,9.99,2024-03-01T10:00:00Z\n',
    );
    const { rows, rejects } = await readAll(path, 10);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringMatching(/line_no/)],
      [3, expect.stringMatching(/quantity/)],
    ]);
    expect(rows).toEqual([['O3', 1, 'A', 2, 9.99, '2024-03-01T10:00:00Z']]);
  });

  it('refuses a chunk size that is not a positive whole number', () => {
    expect(() => new CopyChunk(0)).toThrow(/chunk size/);
    expect(() => new CopyChunk(2.5)).toThrow(/chunk size/);
  });
});
