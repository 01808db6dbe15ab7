import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { KeySet } from './keyset';
import { COLUMNS, OPTIONAL_COLUMNS, RecordKind, RecordTypes } from './records';
import { missingColumns, naturalKey, validateRow, ValidationContext } from './validate';

/** A row that could not be used, with where it was and why. Written to `<out>/rejects.csv`. */
export interface Reject {
  file: string;
  /** 1-based line of the row in its file (the header is line 1). */
  line: number;
  reason: string;
  /** The row as it was in the file, without its line break. */
  raw: string;
}

export type ParsedRow<T> = { ok: true; line: number; record: T } | { ok: false; reject: Reject };

export interface ReadOptions extends ValidationContext {
  /** File name used in rejects (default: the kind's file name). */
  file?: string;
  /** Reject rows whose natural key was already seen in this file (default true). */
  dedupe?: boolean;
}

interface CsvRow {
  record: string[];
  info: { lines: number };
  raw: string;
}

function stripLineBreak(raw: string): string {
  return raw.replace(/\r?\n$/, '');
}

/** First line of a record: csv-parse reports the line it ends on, which differs for quoted line breaks. */
function firstLine(endLine: number, raw: string): number {
  let breaks = 0;
  for (let i = raw.indexOf('\n'); i >= 0 && i < raw.length - 1; i = raw.indexOf('\n', i + 1)) breaks++;
  return endLine - breaks;
}

/**
 * Streams one CSV file of a record kind, yielding every data row either as a typed record or as a
 * reject (missing column, unparsable number/date/timestamp, non-positive quantity, unknown SKU,
 * duplicate natural key, malformed CSV). Nothing is dropped silently and bad data never throws;
 * only I/O errors (e.g. a missing file) do.
 */
export async function* readRecords<K extends RecordKind>(
  kind: K,
  input: Readable | string,
  options: ReadOptions = {},
): AsyncGenerator<ParsedRow<RecordTypes[K]>> {
  const file = options.file ?? (typeof input === 'string' ? input : kind);
  const stream = typeof input === 'string' ? createReadStream(input) : input;
  const malformed: Reject[] = [];
  const parser = stream.pipe(
    parse({
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined, raw: string | undefined) => {
        const text = stripLineBreak(raw ?? '');
        const line = err && typeof err.lines === 'number' ? err.lines : 0;
        malformed.push({
          file,
          line,
          reason: `malformed CSV: ${err?.message ?? 'unparsable row'}`,
          raw: text,
        });
        return undefined;
      },
    }),
  );
  stream.on('error', (e: Error) => parser.destroy(e));

  const seen = options.dedupe === false ? undefined : new KeySet();
  let index: Map<string, number> | undefined;
  let headerWidth = 0;
  let missing: string[] = [];
  const optional = new Set(OPTIONAL_COLUMNS[kind]);

  for await (const row of parser as AsyncIterable<CsvRow>) {
    while (malformed.length) yield { ok: false, reject: malformed.shift() as Reject };
    if (!index) {
      const header = row.record.map((h) => h.trim());
      index = new Map(header.map((h, i) => [h, i]));
      headerWidth = header.length;
      missing = missingColumns(kind, header);
      continue;
    }
    const line = firstLine(row.info.lines, row.raw);
    const reject = (reason: string) => ({
      ok: false as const,
      reject: { file, line, reason, raw: stripLineBreak(row.raw) },
    });
    if (missing.length) {
      yield reject(
        `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')} in header`,
      );
      continue;
    }
    if (row.record.length !== headerWidth) {
      yield reject(`expected ${headerWidth} fields (${COLUMNS[kind].join(',')}), got ${row.record.length}`);
      continue;
    }
    const cols = index;
    const fields = row.record;
    const result = validateRow(
      kind,
      (c) => {
        const i = cols.get(c);
        return i === undefined ? (optional.has(c) ? '' : undefined) : fields[i];
      },
      options,
    );
    if (!result.ok) {
      yield reject(result.reason);
      continue;
    }
    if (seen && !seen.add(naturalKey(kind, result.record))) {
      yield reject(`duplicate of an earlier row (same ${duplicateKeyName[kind]})`);
      continue;
    }
    yield { ok: true, line, record: result.record };
  }
  while (malformed.length) yield { ok: false, reject: malformed.shift() as Reject };
}

const duplicateKeyName: { [K in RecordKind]: string } = {
  sales_lines: 'order_id + line_no',
  returns: 'return_id',
  skus: 'sku',
  supply_terms: 'sku',
  inventory: 'sku + as_of',
  business_events: 'kind + starts_on + scope',
};
