import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** PostgreSQL truncates identifiers to 63 bytes; stay under it so the name we create is the name we get. */
const MAX_IDENTIFIER = 63;

/**
 * A database name for one test suite: the label in lower case with anything outside [a-z0-9_]
 * turned into `_`, then a random suffix so that parallel or repeated runs never collide.
 */
export function databaseName(label: string, suffix: string = randomBytes(4).toString('hex')): string {
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'test';
  const prefix = /^[a-z_]/.test(base) ? base : `t_${base}`;
  return `${prefix.slice(0, MAX_IDENTIFIER - suffix.length - 1)}_${suffix}`;
}

/** The same connection URL, pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export interface FreshDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

async function onServer<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database for one test suite on the server of `adminUrl` (default DATABASE_URL),
 * so suites never see each other's tables. The role in the URL needs CREATEDB.
 */
export async function freshDatabase(
  label: string,
  adminUrl: string | undefined = process.env.DATABASE_URL,
): Promise<FreshDatabase> {
  if (!adminUrl) throw new Error('freshDatabase: DATABASE_URL is not set (the e2e global set-up sets it)');
  const name = databaseName(label);
  // The name is [a-z0-9_] by construction, so quoting it is enough (CREATE DATABASE takes no parameters).
  await onServer(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () =>
      onServer(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
