import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { RejectLog } from '@salescast/datagen';
import { advance, Checkpoint, Chunk, emptyCheckpoint, resumeLine } from './chunk';
import { readCheckpoint, writeCheckpoint } from './checkpoint-store';
import { copyRow } from './copy-text';
import { lineRecords } from './line-records';
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
  /** Stops after the chunk being committed when aborted (Ctrl-C): the checkpoint stays consistent. */
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
}

/** Identity of a file's content for the checkpoint: a changed file is loaded from the top again. */
async function fingerprintOf(path: string): Promise<{ fingerprint: string; size: number }> {
  const s = await stat(path);
  return { fingerprint: `${s.size}:${Math.trunc(s.mtimeMs)}`, size: s.size };
}

/**
 * Loads one CSV file into its ingestion table: accepted rows go, chunk by chunk, through COPY into a
 * session-private staging table and from there into the table with `ON CONFLICT DO NOTHING`, and the
 * checkpoint (file line reached, rows, days) is written in the same transaction. So a re-run inserts
 * nothing twice and a resumed run continues at the first line that is not in. Rejects go to `rejects`
 * with their file line. Parsing the next chunk overlaps with the database loading the previous one.
 */
export async function loadFile(
  client: PoolClient,
  target: LoadTarget,
  path: string,
  options: LoadFileOptions,
): Promise<LoadFileResult> {
  const { fingerprint, size } = await fingerprintOf(path);
  const stored = await readCheckpoint(client, path);
  const fresh = !stored || stored.fingerprint !== fingerprint;
  let checkpoint: Checkpoint = fresh ? emptyCheckpoint(path, fingerprint) : stored;
  if (!fresh && stored.loaded) return { checkpoint, inserted: 0, read: 0, loaded: true };
  const from = resumeLine(stored, fingerprint);

  const stage = `stage_${target.table}`;
  const cols = target.columns.join(', ');
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE ${target.table}) ON COMMIT DELETE ROWS`);

  let inserted = 0;
  let read = 0;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  const report = () =>
    options.onProgress?.({ file: path, bytes: input.bytesRead, totalBytes: size, rows: inserted });

  const commit = async (chunk: Chunk): Promise<void> => {
    await client.query('BEGIN');
    try {
      let added = 0;
      if (chunk.rows > 0) {
        await pipeline(
          Readable.from([chunk.text()]),
          client.query(copyFrom(`COPY ${stage} (${cols}) FROM STDIN`)),
        );
        const res = await client.query(
          `INSERT INTO ${target.table} (${cols}) SELECT ${cols} FROM ${stage} ON CONFLICT DO NOTHING`,
        );
        added = res.rowCount ?? 0;
      }
      const next = advance(checkpoint, chunk, added);
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

  let chunk = new Chunk(options.chunkRows);
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  try {
    for await (const row of lineRecords(target.kind, path, { input, fromLine: from })) {
      const line = row.ok ? row.line : row.reject.line;
      read++;
      if (!row.ok) {
        options.rejects.add(row.reject);
        chunk.skip(line);
      } else {
        const problem = target.problem(row.record);
        if (problem) {
          options.rejects.add({
            file: path,
            line,
            reason: problem,
            raw: target.values(row.record).join(','),
          });
          chunk.skip(line);
        } else chunk.add(line, copyRow(target.values(row.record)), row.record.day);
      }
      if (chunk.full) {
        await inFlight;
        inFlight = commit(chunk);
        // mark it handled now: its error surfaces at the next await, not as an unhandled rejection
        inFlight.catch(() => undefined);
        chunk = new Chunk(options.chunkRows);
        if (options.signal?.aborted) {
          stopped = true;
          break;
        }
      }
    }
    await inFlight;
    if (!stopped && chunk.pending) await commit(chunk);
  } finally {
    input.destroy();
  }
  if (stopped) return { checkpoint, inserted, read, loaded: false };
  await writeCheckpoint(client, checkpoint, { loaded: true, rebuilt: false });
  return { checkpoint, inserted, read, loaded: true };
}
