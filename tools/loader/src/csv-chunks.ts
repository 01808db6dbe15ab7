import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import {
  COLUMNS,
  missingColumns,
  OPTIONAL_COLUMNS,
  readRecords,
  Reject,
  validateRow,
} from '@salescast/datagen';
import { canonicalDay, dayNumber, FieldKind } from './canonical-rows';
import { LoadTarget } from './targets';

const NEWLINE = Buffer.from('\n');

/**
 * Accepted rows of one file, ready for `COPY <table> (<target columns>) FROM STDIN (FORMAT csv)`: the
 * canonical lines as the very bytes of the file (runs of consecutive lines are one slice of the read
 * buffer), the others re-written as quoted CSV from their validated record. With the file lines and the
 * days it covers, so that it can be committed together with its checkpoint.
 */
export class CopyChunk {
  readonly parts: Buffer[] = [];
  rows = 0;
  /** Last file line the chunk covers (accepted or rejected). */
  lastLine = 0;
  /** UTC days as yyyymmdd; 0 = none yet. */
  minDayNumber = 0;
  maxDayNumber = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`chunk size must be a whole number >= 1, got ${capacity}`);
  }

  day(day: number): void {
    if (day === 0) return;
    if (this.minDayNumber === 0 || day < this.minDayNumber) this.minDayNumber = day;
    if (day > this.maxDayNumber) this.maxDayNumber = day;
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  /** True when there is something to commit: rows, or rejected lines the checkpoint should cover. */
  get pending(): boolean {
    return this.rows > 0 || this.lastLine > 0;
  }

  get bytes(): number {
    let n = 0;
    for (const p of this.parts) n += p.length;
    return n;
  }
}

/** One field of COPY … FORMAT csv: every value quoted, so any text (commas, quotes, line breaks) is safe. */
function csvValue(value: string | number): string {
  return typeof value === 'number' ? String(value) : `"${value.replace(/"/g, '""')}"`;
}

export interface ChunkReaderOptions {
  /** File name written into rejects (default: the path). */
  file?: string;
  /** Lines up to this one are skipped without being validated (a resumed run). */
  fromLine?: number;
  /** Rows per chunk. */
  chunkRows: number;
  onReject: (reject: Reject) => void;
  /** Bytes of the file read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

/** The field kinds of the canonical form of a target's columns (see canonical-rows.ts). */
const FIELD_KINDS: Record<string, FieldKind> = {
  order_id: 'text',
  return_id: 'text',
  sku: 'text',
  line_no: 'count',
  quantity: 'count',
  unit_price: 'price',
  ordered_at: 'timestamp',
  returned_at: 'timestamp',
};

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/**
 * Reads one CSV file of a load target and yields its accepted rows in chunks of `chunkRows` (the last
 * one smaller; a chunk may also hold no row when it only covers rejected lines). Rejects go to
 * `onReject` with their file line and reason, exactly as the file format's reader gives them
 * (`readRecords` of @salescast/datagen without the duplicate check: the table's key does that).
 *
 * Lines are split at `\n` (a `\r` before it is dropped). A line in canonical form (canonical-rows.ts)
 * is passed through as bytes; any other line — a quoted field, possibly spanning lines, spaces,
 * non-ASCII text, another column order — goes through csv-parse (when quoted) and `validateRow`, and is
 * written from the validated record. Memory is bounded by the chunk: its parts are slices of the ~1 MB
 * read buffers it spans.
 */
export async function* copyChunks(
  target: LoadTarget,
  path: string,
  options: ChunkReaderOptions,
): AsyncGenerator<CopyChunk> {
  const file = options.file ?? path;
  const from = options.fromLine ?? 0;
  const kind = target.kind;
  const optional = new Set(OPTIONAL_COLUMNS[kind]);
  let chunk = new CopyChunk(options.chunkRows);
  const ready: CopyChunk[] = [];
  let lineNo = 0;
  let header: Map<string, number> | undefined;
  let width = 0;
  /** Field kinds when the header is exactly the target's columns (the fast path applies), else undefined. */
  let kinds: FieldKind[] | undefined;
  let pending: { text: string; line: number } | undefined;
  let missing = false;

  // the current run of canonical lines: buf[runStart, runEnd), newlines included
  let runBuf: Buffer | undefined;
  let runStart = 0;
  let runEnd = 0;
  const flushRun = () => {
    if (runBuf && runEnd > runStart) chunk.parts.push(runBuf.subarray(runStart, runEnd));
    runBuf = undefined;
    runStart = runEnd = 0;
  };
  const closeChunkIfFull = () => {
    if (!chunk.full) return;
    flushRun();
    ready.push(chunk);
    chunk = new CopyChunk(options.chunkRows);
  };

  const reject = (line: number, reason: string, raw: string) => {
    options.onReject({ file, line, reason, raw });
    chunk.lastLine = line;
  };

  /** The reference path for one record (a line, or several when a quoted field spans lines). */
  const slowRow = (text: string, line: number) => {
    let fields: string[];
    if (text.includes('"')) {
      try {
        fields = (parse(text, { relax_column_count: true }) as string[][])[0] ?? [];
      } catch (e) {
        reject(line, `malformed CSV: ${(e as Error).message}`, text);
        return;
      }
    } else fields = text.split(',');
    if (fields.length !== width) {
      reject(line, `expected ${width} fields (${COLUMNS[kind].join(',')}), got ${fields.length}`, text);
      return;
    }
    const cols = header as Map<string, number>;
    const result = validateRow(kind, (c) => {
      const i = cols.get(c);
      return i === undefined ? (optional.has(c) ? '' : undefined) : fields[i];
    });
    if (!result.ok) {
      reject(line, result.reason, text);
      return;
    }
    const problem = target.problem(result.record);
    if (problem) {
      reject(line, problem, text);
      return;
    }
    flushRun();
    chunk.parts.push(Buffer.from(target.values(result.record).map(csvValue).join(',') + '\n'));
    chunk.rows++;
    chunk.lastLine = line;
    chunk.day(dayNumber((result.record as { day: string }).day));
    closeChunkIfFull();
  };

  const onHeader = (raw: string) => {
    const names = (parse(raw.replace(/^\uFEFF/, '')) as string[][])[0]?.map((h) => h.trim()) ?? [];
    if (missingColumns(kind, names).length > 0) {
      missing = true;
      return;
    }
    header = new Map(names.map((h, i) => [h, i]));
    width = names.length;
    const canonical =
      names.length === target.columns.length && names.every((n, i) => n === target.columns[i]);
    kinds = canonical ? target.columns.map((c) => FIELD_KINDS[c]) : undefined;
  };

  /**
   * One line buf[s, e) (without `\n`; a trailing `\r` still in it). `own` = buf holds just this line
   * (it was assembled across two reads), so it cannot extend a run.
   */
  const onLine = (buf: Buffer, s: number, e: number, own: boolean): void => {
    lineNo++;
    const crlf = e > s && buf[e - 1] === 0x0d;
    const end = crlf ? e - 1 : e;
    if (!header) {
      onHeader(buf.toString('utf8', s, end));
      return;
    }
    if (pending) {
      // inside a quoted field that spans lines: the reference path decides
      const text = `${pending.text}\n${buf.toString('utf8', s, end)}`;
      const line = pending.line;
      if (countQuotes(text) % 2 === 1) {
        pending = { text, line };
        return;
      }
      pending = undefined;
      if (line > from) slowRow(text, line);
      return;
    }
    if (lineNo <= from) return;
    if (end === s) return; // an empty line is no row
    const day = kinds ? canonicalDay(buf, s, end, kinds) : -1;
    if (day >= 0) {
      chunk.rows++;
      chunk.lastLine = lineNo;
      chunk.day(day);
      if (!own && !crlf && runBuf === buf && runEnd === s) runEnd = e + 1;
      else {
        flushRun();
        if (own || crlf) chunk.parts.push(buf.subarray(s, end), NEWLINE);
        else {
          runBuf = buf;
          runStart = s;
          runEnd = e + 1;
        }
      }
      closeChunkIfFull();
      return;
    }
    const text = buf.toString('utf8', s, end);
    if (text.includes('"') && countQuotes(text) % 2 === 1) {
      pending = { text, line: lineNo };
      return;
    }
    slowRow(text, lineNo);
  };

  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  let carry: Buffer | undefined;
  try {
    for await (const data of input as AsyncIterable<Buffer>) {
      let pos = 0;
      if (carry) {
        const nl = data.indexOf(10);
        if (nl < 0) {
          carry = Buffer.concat([carry, data]);
          continue;
        }
        const line = Buffer.concat([carry, data.subarray(0, nl)]);
        carry = undefined;
        onLine(line, 0, line.length, true);
        pos = nl + 1;
      }
      for (let nl = data.indexOf(10, pos); nl >= 0; nl = data.indexOf(10, pos)) {
        onLine(data, pos, nl, false);
        pos = nl + 1;
        if (missing) break;
      }
      if (missing) break;
      flushRun();
      if (pos < data.length) carry = data.subarray(pos);
      options.onBytes?.(input.bytesRead);
      while (ready.length) yield ready.shift() as CopyChunk;
    }
    if (!missing && carry && carry.length) onLine(carry, 0, carry.length, true);
  } finally {
    input.destroy();
  }

  if (missing) {
    // every row is a reject naming the missing columns: the reference reader words them
    chunk = new CopyChunk(options.chunkRows);
    for await (const row of readRecords(kind, path, { file, dedupe: false }))
      if (!row.ok && row.reject.line > from) reject(row.reject.line, row.reject.reason, row.reject.raw);
    if (chunk.pending) yield chunk;
    return;
  }
  if (pending && pending.line > from)
    reject(pending.line, 'malformed CSV: quote not closed before the end of the file', pending.text);
  flushRun();
  while (ready.length) yield ready.shift() as CopyChunk;
  if (chunk.pending) yield chunk;
}
