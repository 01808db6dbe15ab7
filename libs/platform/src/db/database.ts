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
  await ds.initialize();
  const ran = await ds.runMigrations();
  if (ran.length)
    opts.logger.info({ schema: opts.schema, migrations: ran.map((m) => m.name) }, 'migrations applied');
  return ds;
}
