import { Client } from 'pg';
import { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { Logger } from 'pino';

export interface DatabaseOptions {
  url: string;
  /** The service's own schema: every table it owns lives there; nobody else reads it. */
  schema: string;
  entities?: MixedList<string | Function | EntitySchema>;
  migrations: MixedList<string | Function>;
  logger: Logger;
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Opens the service's TypeORM DataSource: creates its schema if missing, pins `search_path` to it (so
 * migrations and queries use unqualified names), and runs pending migrations before anything else.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<DataSource> {
  if (!SCHEMA_NAME.test(opts.schema)) throw new Error(`invalid schema name '${opts.schema}'`);
  const admin = new Client({ connectionString: opts.url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  } catch (e) {
    // two replicas racing to create the schema: the loser sees a unique violation; the schema exists
    if ((e as { code?: string }).code !== '23505') throw e;
  } finally {
    await admin.end();
  }
  const ds = new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities ?? [],
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { options: `-c search_path=${opts.schema}`, max: opts.poolSize ?? 10 },
  });
  try {
    await ds.initialize();
    const ran = await runMigrationsLocked(ds, opts.schema);
    if (ran.length)
      opts.logger.info({ schema: opts.schema, migrations: ran.map((m) => m.name) }, 'migrations applied');
    return ds;
  } catch (e) {
    // a failed start (the caller may retry) must not leave a pool behind
    if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    throw e;
  }
}

/**
 * Runs pending migrations while holding a session-level advisory lock keyed by the schema, so that
 * several replicas starting together (a Deployment scaled out, a rolling update) migrate one at a
 * time: the first applies them, the others wait and then find nothing pending.
 */
async function runMigrationsLocked(ds: DataSource, schema: string) {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`salescast.migrations.${schema}`]);
    try {
      return await ds.runMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`salescast.migrations.${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
