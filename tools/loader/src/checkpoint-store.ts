import type { ClientBase } from 'pg';
import { Checkpoint } from './chunk';

/**
 * The loader's own bookkeeping lives in its own schema (`loader`), not in the ingestion service's,
 * whose DDL only the service's migrations write. One row per loaded file.
 */
export const CHECKPOINTS_SQL = `
CREATE SCHEMA IF NOT EXISTS loader;
CREATE TABLE IF NOT EXISTS loader.checkpoints (
  file text PRIMARY KEY,
  fingerprint text NOT NULL,
  line bigint NOT NULL,
  rows bigint NOT NULL,
  min_day date,
  max_day date,
  loaded boolean NOT NULL DEFAULT false,
  rebuilt boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;

export interface StoredCheckpoint extends Checkpoint {
  /** Every line of the file is in. */
  loaded: boolean;
  /** daily_sales was rebuilt (and announced) after the file was loaded. */
  rebuilt: boolean;
}

export async function ensureCheckpointTable(client: ClientBase): Promise<void> {
  try {
    await client.query(CHECKPOINTS_SQL);
  } catch (e) {
    // two loaders racing to create the schema or table: the loser sees a unique violation
    if ((e as { code?: string }).code !== '23505') throw e;
  }
}

export async function readCheckpoint(
  client: ClientBase,
  file: string,
): Promise<StoredCheckpoint | undefined> {
  const { rows } = await client.query(
    `SELECT file, fingerprint, line::float8 AS line, rows::float8 AS rows,
            to_char(min_day, 'YYYY-MM-DD') AS min_day, to_char(max_day, 'YYYY-MM-DD') AS max_day, loaded, rebuilt
     FROM loader.checkpoints WHERE file = $1`,
    [file],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    file: r.file,
    fingerprint: r.fingerprint,
    line: r.line,
    rows: r.rows,
    minDay: r.min_day ?? undefined,
    maxDay: r.max_day ?? undefined,
    completed: r.loaded && r.rebuilt,
    loaded: r.loaded,
    rebuilt: r.rebuilt,
  };
}

/** Upserts the checkpoint; called inside the transaction that loaded the chunk it describes. */
export async function writeCheckpoint(
  client: ClientBase,
  cp: Checkpoint,
  flags: { loaded: boolean; rebuilt: boolean },
): Promise<void> {
  await client.query(
    `INSERT INTO loader.checkpoints AS c (file, fingerprint, line, rows, min_day, max_day, loaded, rebuilt, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (file) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, line = EXCLUDED.line, rows = EXCLUDED.rows,
       min_day = EXCLUDED.min_day, max_day = EXCLUDED.max_day, loaded = EXCLUDED.loaded, rebuilt = EXCLUDED.rebuilt,
       updated_at = now()`,
    [
      cp.file,
      cp.fingerprint,
      cp.line,
      cp.rows,
      cp.minDay ?? null,
      cp.maxDay ?? null,
      flags.loaded,
      flags.rebuilt,
    ],
  );
}

export async function markRebuilt(client: ClientBase, files: string[]): Promise<void> {
  await client.query(
    `UPDATE loader.checkpoints SET rebuilt = true, updated_at = now() WHERE file = ANY($1::text[])`,
    [files],
  );
}
