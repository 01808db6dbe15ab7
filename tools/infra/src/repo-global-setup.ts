import { startPostgresOnly } from './postgres-only';

const KEY = '__salescastRepoPostgres';
type WithPg = typeof globalThis & { [KEY]?: { stop(): void } };

/**
 * Global set-up of the `repo` jest project (`*.repo-spec.ts`: repositories' SQL against PostgreSQL
 * alone, no Kafka, seconds not minutes): DATABASE_URL when set, else a throwaway cluster of its own.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL?.trim()) return;
  const started = Date.now();
  const pg = await startPostgresOnly();
  process.env.DATABASE_URL = pg.url;
  (globalThis as WithPg)[KEY] = pg;
  process.stderr.write(
    `\n[repo] PostgreSQL ${new URL(pg.url).host} ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
}

export function stopRepoPostgres(): void {
  (globalThis as WithPg)[KEY]?.stop();
  delete (globalThis as WithPg)[KEY];
}
