/**
 * Chunking and checkpoint arithmetic of the backfill, kept free of I/O so it is tested in
 * milliseconds. A chunk is a run of consecutive lines of one file (csv-chunks.ts) whose accepted rows
 * are loaded and checkpointed in one transaction: after a crash, the rows up to the checkpointed file
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
  chunk: { lastLine: number; minDay?: string; maxDay?: string },
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
