import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

const PG_BIN = process.env.SALESCAST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresOnly {
  url: string;
  stop(): void;
}

/**
 * A throwaway PostgreSQL 15 cluster alone (no Kafka), for the repositories' fast tests: initdb in a
 * temporary folder, fsync off, a free loopback port. As root, the server runs as the `postgres` user,
 * which owns the folder.
 */
export async function startPostgresOnly(): Promise<PostgresOnly> {
  if (!existsSync(join(PG_BIN, 'initdb')))
    throw new Error(
      `PostgreSQL 15 not found in ${PG_BIN}: apt-get install postgresql-15 (or set SALESCAST_PG_BIN)`,
    );
  const dir = mkdtempSync(join(tmpdir(), 'salescast-pg-'));
  const root = process.getuid?.() === 0;
  const owner = process.env.SALESCAST_PG_OS_USER ?? 'postgres';
  const as = (cmd: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', owner, '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  if (root) {
    if (spawnSync('id', ['-u', owner]).status !== 0)
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', owner]);
    const id = (flag: string) => Number(execFileSync('id', [flag, owner]).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  as(join(PG_BIN, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-locale',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    `listen_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = ''\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n`,
  );
  as(join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '90', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      if (root) spawnSync('runuser', ['-u', owner, '--', join(PG_BIN, 'pg_ctl'), ...args]);
      else spawnSync(join(PG_BIN, 'pg_ctl'), args);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
