import { stat } from 'node:fs/promises';
import type { ClientBase } from 'pg';
import { RejectLog } from '@salescast/datagen';
import { copyRows, insertStaged, prepareStaging } from '@salescast/ingestion';
import { dayText } from './canonical-rows';
import { advance, Checkpoint, emptyCheckpoint, resumeLine } from './chunk';
import { readCheckpoint, writeCheckpoint } from './checkpoint-store';
import { CopyChunk, copyChunks } from './csv-chunks';
import { LoadTarget } from './targets';

export interface LoadProgress {
  file: string;
  /** Bytes of the file read so far and in all. */
  bytes: number;
  totalBytes: number;
  /** Rows committed in this run. */
  rows: number;
}

export interface LoadFileOptions {
  chunkRows: number;
  rejects: RejectLog;
  onProgress?: (p: LoadProgress) => void;
  /** Stops after the chunks being committed when aborted (Ctrl-C): the checkpoint stays consistent. */
  signal?: AbortSignal;
}

export interface LoadFileResult {
  checkpoint: Checkpoint;
  /** Rows inserted by this run (rows already present are not counted). */
  inserted: number;
  /** Rows read from the file by this run, accepted or rejected. */
  read: number;
  /** The whole file is in. */
  loaded: boolean;
  /**
   * Chunks that held a row already in the table (from the live path, or a duplicate key within the
   * file) and so went through the staging table and `ON CONFLICT DO NOTHING` instead of a plain COPY.
   */
  conflictChunks: number;
}

/** Identity of a file's content for the checkpoint: a changed file is loaded from the top again. */
async function fingerprintOf(path: string): Promise<{ fingerprint: string; size: number }> {
  const s = await stat(path);
  return { fingerprint: `${s.size}:${Math.trunc(s.mtimeMs)}`, size: s.size };
}

const UNIQUE_VIOLATION = '23505';

/**
 * Loads one CSV file into its ingestion table over the given connections (one COPY per connection at
 * a time; two let PostgreSQL load one chunk while Node parses the next and the other connection loads
 * a third). Each chunk is **exactly once**: its COPY and the checkpoint that covers it (file line
 * reached, rows, days) commit in one transaction, and chunks commit in file order — a chunk writes its
 * checkpoint only after the one before it committed — so the checkpoint is always a prefix of the file
 * that is entirely in, and a resumed run starts at the first line that is not. A re-run or a resumed
 * run therefore loads no chunk twice, and a plain COPY into the table is enough.
 *
 * The table's primary key still guards what the backfill cannot know about: rows the live path
 * stored, or a key repeated within the file. A chunk whose COPY hits one (unique violation) is
 * rolled back to a savepoint and loaded through a session-private staging table with
 * `INSERT … ON CONFLICT DO NOTHING`; after such a chunk the next one goes that way directly, until
 * a chunk meets no conflict again.
 */
export async function loadFile(
  connections: readonly ClientBase[],
  target: LoadTarget,
  path: string,
  options: LoadFileOptions,
): Promise<LoadFileResult> {
  if (connections.length === 0) throw new Error('loadFile needs at least one connection');
  const control = connections[0];
  const { fingerprint, size } = await fingerprintOf(path);
  const stored = await readCheckpoint(control, path);
  const fresh = !stored || stored.fingerprint !== fingerprint;
  let checkpoint: Checkpoint = fresh ? emptyCheckpoint(path, fingerprint) : stored;
  if (!fresh && stored.loaded) return { checkpoint, inserted: 0, read: 0, loaded: true, conflictChunks: 0 };
  const from = resumeLine(stored, fingerprint);

  for (const c of connections) await prepareStaging(c, target.table);

  let inserted = 0;
  let read = 0;
  let bytesRead = 0;
  let conflictChunks = 0;
  let staged = false;
  const report = () =>
    options.onProgress?.({ file: path, bytes: bytesRead, totalBytes: size, rows: inserted });

  const viaStaging = async (client: ClientBase, chunk: CopyChunk): Promise<number> => {
    await copyRows(client, target.table, chunk.parts, 'staging');
    return insertStaged(client, target.table);
  };

  /** Loads one chunk; commits after `before` (the previous chunk's commit) succeeded. */
  const commit = async (client: ClientBase, chunk: CopyChunk, before: Promise<void>): Promise<void> => {
    await client.query('BEGIN');
    try {
      let added = 0;
      if (chunk.rows > 0) {
        if (staged) {
          added = await viaStaging(client, chunk);
          staged = added < chunk.rows;
          if (staged) conflictChunks++;
        } else {
          await client.query('SAVEPOINT chunk');
          try {
            added = await copyRows(client, target.table, chunk.parts);
          } catch (e) {
            if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
            await client.query('ROLLBACK TO SAVEPOINT chunk');
            added = await viaStaging(client, chunk);
            staged = true;
            conflictChunks++;
          }
        }
      }
      await before;
      const next = advance(
        checkpoint,
        {
          lastLine: chunk.lastLine,
          minDay: chunk.minDayNumber ? dayText(chunk.minDayNumber) : undefined,
          maxDay: chunk.maxDayNumber ? dayText(chunk.maxDayNumber) : undefined,
        },
        added,
      );
      await writeCheckpoint(client, next, { loaded: false, rebuilt: false });
      await client.query('COMMIT');
      checkpoint = next;
      inserted += added;
      report();
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  };

  const idle = [...connections];
  const waiting: Array<(c: ClientBase) => void> = [];
  const acquire = (): Promise<ClientBase> =>
    idle.length ? Promise.resolve(idle.pop() as ClientBase) : new Promise((r) => waiting.push(r));
  const release = (c: ClientBase) => {
    const next = waiting.shift();
    if (next) next(c);
    else idle.push(c);
  };

  let last: Promise<void> = Promise.resolve();
  let failed = false;
  let stopped = false;
  const chunks = copyChunks(target, path, {
    fromLine: from,
    chunkRows: options.chunkRows,
    onReject: (r) => {
      read++;
      options.rejects.add(r);
    },
    onBytes: (b) => (bytesRead = b),
  });
  for await (const chunk of chunks) {
    read += chunk.rows;
    const client = await acquire();
    if (failed) {
      release(client);
      break;
    }
    const previous = last;
    last = commit(client, chunk, previous).finally(() => release(client));
    // mark it handled now: its error surfaces when awaited below, not as an unhandled rejection
    last.catch(() => (failed = true));
    if (options.signal?.aborted) {
      stopped = true;
      break;
    }
  }
  await last;
  if (stopped) return { checkpoint, inserted, read, loaded: false, conflictChunks };
  await writeCheckpoint(control, checkpoint, { loaded: true, rebuilt: false });
  return { checkpoint, inserted, read, loaded: true, conflictChunks };
}
