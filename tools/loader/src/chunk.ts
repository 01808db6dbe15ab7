/**
 * Chunking and checkpoint arithmetic of the backfill, kept free of I/O so it is tested in
 * milliseconds. A chunk is a run of consecutive accepted rows of one file, written as COPY text, that
 * is loaded and checkpointed in one transaction: after a crash, the rows up to the checkpointed file
 * line are in the database and the rows after it are not, so a resumed run skips exactly those lines.
 */

/** How far a file was loaded: every row on a line ≤ `line` is in (or was rejected). */
export interface Checkpoint {
  file: string;
  /** Identity of the file's content when the checkpoint was written (size + mtime). */
  fingerprint: string;
  line: number;
  rows: number;
  /** UTC days spanned by the rows loaded so far (undefined before the first chunk). */
  minDay?: string;
  maxDay?: string;
  completed: boolean;
}

/** Where to start a file: after the checkpoint when it belongs to the same content, else at the top. */
export function resumeLine(checkpoint: Checkpoint | undefined, fingerprint: string): number {
  if (!checkpoint || checkpoint.fingerprint !== fingerprint) return 0;
  return checkpoint.line;
}

/** A checkpoint for a file that has not been loaded yet (or whose content changed). */
export function emptyCheckpoint(file: string, fingerprint: string): Checkpoint {
  return { file, fingerprint, line: 0, rows: 0, completed: false };
}

/** The checkpoint after a chunk was committed: the chunk's last line, its rows and day range added. */
export function advance(
  cp: Checkpoint,
  chunk: Pick<Chunk, 'lastLine' | 'rows' | 'minDay' | 'maxDay'>,
  inserted: number,
): Checkpoint {
  return {
    ...cp,
    line: Math.max(cp.line, chunk.lastLine),
    rows: cp.rows + inserted,
    minDay: minDay(cp.minDay, chunk.minDay),
    maxDay: maxDay(cp.maxDay, chunk.maxDay),
  };
}

function minDay(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function maxDay(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/** Accepted rows waiting to be loaded, as COPY text, with the file lines and days they cover. */
export class Chunk {
  private parts: string[] = [];
  rows = 0;
  lastLine = 0;
  minDay?: string;
  maxDay?: string;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`chunk size must be a whole number >= 1, got ${capacity}`);
  }

  add(line: number, copyText: string, day: string): void {
    this.parts.push(copyText);
    this.rows++;
    this.lastLine = line;
    if (this.minDay === undefined || day < this.minDay) this.minDay = day;
    if (this.maxDay === undefined || day > this.maxDay) this.maxDay = day;
  }

  /**
   * A rejected row still moves the chunk's line forward, so that the checkpoint covers it and a
   * resumed run does not report it twice.
   */
  skip(line: number): void {
    this.lastLine = line;
  }

  get full(): boolean {
    return this.rows >= this.capacity;
  }

  /** True when there is something to commit: rows, or rejected lines the checkpoint should cover. */
  get pending(): boolean {
    return this.rows > 0 || this.lastLine > 0;
  }

  text(): string {
    return this.parts.join('');
  }
}
