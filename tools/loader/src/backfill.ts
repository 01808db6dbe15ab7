import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FILE_NAMES, RejectLog } from '@salescast/datagen';
import { hasTable, INGESTION_SCHEMA, rebuildDailySales } from '@salescast/ingestion';
import { Client, type ClientBase, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ensureCheckpointTable, markRebuilt, readCheckpoint } from './checkpoint-store';
import { loadFile, LoadProgress } from './load-file';
import { spanOf } from './day-range';
import { LOAD_TARGETS } from './targets';

/** The ingestion service's schema: the backfill writes the same tables its consumers write. */
export { INGESTION_SCHEMA };

export interface BackfillOptions {
  databaseUrl: string;
  /** Directory holding sales_lines.csv (required) and returns.csv (optional). */
  dataDir: string;
  /** Where rejected rows are written (file,line,reason,raw); default `<dataDir>/rejects.csv`. */
  rejectsPath?: string;
  /** Rows per COPY chunk and checkpoint (default 100 000). */
  chunkRows?: number;
  /** Database connections loading chunks at once (default 2: one parses while PostgreSQL loads). */
  connections?: number;
  onProgress?: (p: LoadProgress) => void;
  /** Abort = stop after the chunk being committed; a later run resumes there. */
  signal?: AbortSignal;
}

export interface FileSummary {
  file: string;
  read: number;
  inserted: number;
  loaded: boolean;
  /** Chunks that met rows already stored and went through ON CONFLICT DO NOTHING (see load-file.ts). */
  conflictChunks: number;
  /** Wall time spent on the file in this run. */
  seconds: number;
}

export interface BackfillSummary {
  files: FileSummary[];
  /** SKU-days of daily_sales whose totals changed (each announced on sales.daily.v1). */
  rebuiltDays: number;
  /** Wall time of the daily_sales rebuild and its outbox writes. */
  rebuildSeconds: number;
  rejects: RejectLog;
  /** False when stopped early (signal): run again to resume. */
  complete: boolean;
}

/**
 * `salescast backfill`: loads a data set's history into the ingestion service's tables (see
 * load-file.ts), then rebuilds daily_sales for the days it touched and announces the changed
 * SKU-days through the service's outbox (see rebuild.ts). The schema belongs to the service: its
 * migrations must have run (start it once); the backfill never creates or alters its tables.
 */
export async function backfill(options: BackfillOptions): Promise<BackfillSummary> {
  const dataDir = resolve(options.dataDir);
  const rejects = new RejectLog(options.rejectsPath ?? join(dataDir, 'rejects.csv'));
  const ds = new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    extra: { options: `-c search_path=${INGESTION_SCHEMA}`, max: 1 },
  });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  const extra: Client[] = [];
  try {
    const client = (await runner.connect()) as PoolClient;
    if (!(await hasTable(client, 'order_lines')))
      throw new Error(
        `schema '${INGESTION_SCHEMA}' has no order_lines table in ${new URL(options.databaseUrl).pathname.slice(1)}: ` +
          'start the ingestion service once against this DATABASE_URL so that its migrations create it',
      );
    const withReturns = await hasTable(client, 'returns');
    await ensureCheckpointTable(client);

    const width = options.connections ?? 2;
    if (!Number.isInteger(width) || width < 1)
      throw new Error(`connections must be a whole number >= 1, got ${width}`);
    for (let i = 1; i < width; i++) {
      const c = new Client({
        connectionString: options.databaseUrl,
        options: `-c search_path=${INGESTION_SCHEMA}`,
      });
      extra.push(c);
      await c.connect();
    }
    const connections: ClientBase[] = [client, ...extra];

    const files: FileSummary[] = [];
    for (const target of LOAD_TARGETS) {
      const path = join(dataDir, FILE_NAMES[target.kind]);
      if (!existsSync(path)) {
        if (target.kind === 'sales_lines')
          throw new Error(`${path} not found: a data set needs sales_lines.csv`);
        continue;
      }
      if (target.table === 'returns' && !withReturns) continue;
      const started = Date.now();
      const result = await loadFile(connections, target, path, {
        chunkRows: options.chunkRows ?? 100_000,
        rejects,
        onProgress: options.onProgress,
        signal: options.signal,
      });
      const seconds = (Date.now() - started) / 1000;
      files.push({
        file: path,
        read: result.read,
        inserted: result.inserted,
        loaded: result.loaded,
        conflictChunks: result.conflictChunks,
        seconds,
      });
      if (!result.loaded) return { files, rebuiltDays: 0, rebuildSeconds: 0, rejects, complete: false };
    }

    const checkpoints = await Promise.all(files.map((f) => readCheckpoint(client, f.file)));
    const pending = checkpoints.filter((c) => c && !c.rebuilt);
    let rebuiltDays = 0;
    const rebuildStarted = Date.now();
    const range = spanOf(pending.map((c) => c ?? {}));
    if (pending.length > 0) {
      await client.query('BEGIN');
      try {
        if (range) rebuiltDays = await rebuildDailySales(client, runner.manager, range, withReturns);
        await markRebuilt(
          client,
          pending.map((c) => c?.file as string),
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }
    return {
      files,
      rebuiltDays,
      rebuildSeconds: (Date.now() - rebuildStarted) / 1000,
      rejects,
      complete: true,
    };
  } finally {
    await rejects.close();
    await Promise.allSettled(extra.map((c) => c.end()));
    await runner.release();
    await ds.destroy();
  }
}
