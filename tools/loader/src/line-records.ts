import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse/sync';
import {
  COLUMNS,
  missingColumns,
  OPTIONAL_COLUMNS,
  ParsedRow,
  readRecords,
  RecordKind,
  RecordTypes,
  validateRow,
} from '@salescast/datagen';

/**
 * The backfill's reader: the same rows, records and rejects as `readRecords` of @salescast/datagen
 * (no duplicate check: the table's key does that), several times faster on the files salescast and
 * most ERPs write, where fields are not quoted. A line without a quote character is split on commas
 * directly; a line with one — possibly a quoted field spanning lines — goes through csv-parse. Lines up
 * to `fromLine` are skipped without being validated (a resumed run). Every field still goes through
 * the format's own validators (`validateRow`).
 */
export async function* lineRecords<K extends RecordKind>(
  kind: K,
  path: string,
  options: { file?: string; fromLine?: number; input?: NodeJS.ReadableStream } = {},
): AsyncGenerator<ParsedRow<RecordTypes[K]>> {
  const file = options.file ?? path;
  const from = options.fromLine ?? 0;
  const input = options.input ?? createReadStream(path, { highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let index: Map<string, number> | undefined;
  let width = 0;
  const optional = new Set(OPTIONAL_COLUMNS[kind]);
  let pending: { text: string; line: number } | undefined;

  for await (const raw of lines) {
    lineNo++;
    if (!index) {
      const header = (parse(raw.replace(/^\uFEFF/, '')) as string[][])[0]?.map((h) => h.trim()) ?? [];
      if (missingColumns(kind, header).length > 0) {
        // every row is a reject naming the missing columns: leave that to the reference reader
        lines.close();
        yield* readRecords(kind, path, { file, dedupe: false });
        return;
      }
      index = new Map(header.map((h, i) => [h, i]));
      width = header.length;
      continue;
    }
    let text = raw;
    let line = lineNo;
    if (pending) {
      text = `${pending.text}\n${raw}`;
      line = pending.line;
      pending = undefined;
    }
    const quoted = text.includes('"');
    if (quoted && countQuotes(text) % 2 === 1) {
      pending = { text, line };
      continue;
    }
    if (line <= from || text === '') continue;
    const reject = (reason: string) => ({ ok: false as const, reject: { file, line, reason, raw: text } });
    let fields: string[];
    if (quoted) {
      try {
        fields = (parse(text, { relax_column_count: true }) as string[][])[0] ?? [];
      } catch (e) {
        yield reject(`malformed CSV: ${(e as Error).message}`);
        continue;
      }
    } else fields = text.split(',');
    if (fields.length !== width) {
      yield reject(`expected ${width} fields (${COLUMNS[kind].join(',')}), got ${fields.length}`);
      continue;
    }
    const cols = index;
    const result = validateRow(kind, (c) => {
      const i = cols.get(c);
      return i === undefined ? (optional.has(c) ? '' : undefined) : fields[i];
    });
    yield result.ok ? { ok: true, line, record: result.record } : reject(result.reason);
  }
  if (pending && pending.line > from)
    yield {
      ok: false,
      reject: {
        file,
        line: pending.line,
        reason: 'malformed CSV: quote not closed before the end of the file',
        raw: pending.text,
      },
    };
}

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}
