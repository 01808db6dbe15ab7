import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { generate } from '@salescast/datagen';
import { freshDatabase } from '@salescast/infra';
import { REPO_ROOT, sleep, Stack } from '@salescast/stack';
import { backfill } from './backfill';

type Totals = Map<string, { quantity: number; orderLines: number; returned: number }>;

/** What daily_sales must hold, computed from the CSV files without the loader. */
function expectedTotals(dir: string): Totals {
  const totals: Totals = new Map();
  const at = (sku: string, day: string) => {
    const key = `${sku}|${day}`;
    if (!totals.has(key)) totals.set(key, { quantity: 0, orderLines: 0, returned: 0 });
    return totals.get(key)!;
  };
  for (const r of parse(readFileSync(join(dir, 'sales_lines.csv')), { columns: true }) as Record<
    string,
    string
  >[]) {
    const t = at(r.sku, r.ordered_at.slice(0, 10));
    t.quantity += Number(r.quantity);
    t.orderLines += 1;
  }
  for (const r of parse(readFileSync(join(dir, 'returns.csv')), { columns: true }) as Record<
    string,
    string
  >[])
    at(r.sku, r.returned_at.slice(0, 10)).returned += Number(r.quantity);
  return totals;
}

async function storedTotals(db: Client): Promise<Totals> {
  const { rows } = await db.query(
    `SELECT sku, to_char(day, 'YYYY-MM-DD') AS day, quantity, order_lines, returned_quantity FROM ingestion.daily_sales`,
  );
  return new Map(
    rows.map((r) => [
      `${r.sku}|${r.day}`,
      { quantity: r.quantity, orderLines: r.order_lines, returned: r.returned_quantity },
    ]),
  );
}

async function count(db: Client, sql: string): Promise<number> {
  return Number((await db.query(sql)).rows[0].n);
}

/**
 * A database with the ingestion service's schema, created the way the backfill requires it: the
 * service (a real process) started once against it, its migrations run, then stopped.
 */
async function ingestionDatabase(
  label: string,
): Promise<{ url: string; db: Client; drop: () => Promise<void> }> {
  const fresh = await freshDatabase(label);
  const stack = await Stack.create(fresh.url, ['ingestion']);
  await stack.startAll();
  await stack.stopAll();
  const db = new Client({ connectionString: fresh.url });
  await db.connect();
  // while it ran, the service may have consumed other suites' events from the shared broker: start empty
  await db.query(
    'TRUNCATE ingestion.order_lines, ingestion.returns, ingestion.daily_sales, ingestion.outbox',
  );
  return { url: fresh.url, db, drop: async () => (await db.end(), await fresh.drop()) };
}

describe('salescast backfill', () => {
  const data = mkdtempSync(join(tmpdir(), 'backfill-e2e-'));
  let expected: Totals;
  let lines: number;

  beforeAll(async () => {
    const summary = await generate({ out: data, scale: 0.0003, skus: 12, seed: 11 });
    lines = summary.lines;
    expected = expectedTotals(data);
  });

  describe('a full run and a re-run', () => {
    let target: Awaited<ReturnType<typeof ingestionDatabase>>;
    beforeAll(async () => (target = await ingestionDatabase('loader_full')));
    afterAll(() => target.drop());

    it('stores every line once and rebuilds daily totals equal to the files, announced through the outbox', async () => {
      const result = await backfill({
        databaseUrl: target.url,
        dataDir: data,
        chunkRows: 5000,
        rejectsPath: join(data, 'rejects-full.csv'),
      });
      expect(result.complete).toBe(true);
      expect(result.rejects.total).toBe(0);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines')).toBe(lines);
      expect(await storedTotals(target.db)).toEqual(expected);
      expect(result.rebuiltDays).toBe(expected.size);
      expect(
        await count(target.db, `SELECT count(*) AS n FROM ingestion.outbox WHERE topic = 'sales.daily.v1'`),
      ).toBe(expected.size);
    });

    it('adds nothing and announces nothing when run again', async () => {
      const before = await count(target.db, 'SELECT count(*) AS n FROM ingestion.outbox');
      const again = await backfill({
        databaseUrl: target.url,
        dataDir: data,
        rejectsPath: join(data, 'rejects-again.csv'),
      });
      expect(again.files.map((f) => f.inserted)).toEqual([0, 0]);
      expect(again.rebuiltDays).toBe(0);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines')).toBe(lines);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.outbox')).toBe(before);
      expect(await storedTotals(target.db)).toEqual(expected);
    });
  });

  it('resumes an interrupted run at its checkpoint and ends with exactly the same totals', async () => {
    const target = await ingestionDatabase('loader_resume');
    try {
      const stop = new AbortController();
      let chunks = 0;
      const first = await backfill({
        databaseUrl: target.url,
        dataDir: data,
        chunkRows: 1000,
        rejectsPath: join(data, 'rejects-first.csv'),
        signal: stop.signal,
        onProgress: () => {
          if (++chunks === 3) stop.abort();
        },
      });
      expect(first.complete).toBe(false);
      const partial = await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines');
      expect(partial).toBeGreaterThanOrEqual(3000);
      expect(partial).toBeLessThan(lines);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.daily_sales')).toBe(0);

      const resumed = await backfill({
        databaseUrl: target.url,
        dataDir: data,
        chunkRows: 1000,
        rejectsPath: join(data, 'rejects-resumed.csv'),
      });
      expect(resumed.complete).toBe(true);
      expect(resumed.files[0].read).toBe(lines - partial);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines')).toBe(lines);
      expect(await storedTotals(target.db)).toEqual(expected);
    } finally {
      await target.drop();
    }
  });

  it('resumes after a SIGKILL mid-chunk with no duplicate, no gap and no chunk loaded twice', async () => {
    const target = await ingestionDatabase('loader_kill');
    try {
      // the CLI as a real process, two connections loading small chunks; killed while chunks are in flight
      const cli = spawn(
        process.execPath,
        [
          join(REPO_ROOT, 'tools/cli/bin/salescast.js'),
          'backfill',
          '--data',
          data,
          '--database-url',
          target.url,
          '--chunk-rows',
          '200',
          '--rejects',
          join(data, 'rejects-killed.csv'),
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise((r) => cli.once('exit', r));
      const line = async () =>
        Number(
          (
            await target.db.query(`SELECT coalesce(max(line), 0) AS n FROM loader.checkpoints`).catch(() => ({
              rows: [{ n: 0 }],
            }))
          ).rows[0].n,
        );
      while ((await line()) < 1000) await sleep(5);
      cli.kill('SIGKILL');
      await exited;
      const partial = await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines');
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(lines);

      const resumed = await backfill({
        databaseUrl: target.url,
        dataDir: data,
        chunkRows: 200,
        rejectsPath: join(data, 'rejects-after-kill.csv'),
      });
      expect(resumed.complete).toBe(true);
      // the checkpoint covered exactly what was committed: nothing met the primary key again
      expect(resumed.files[0].conflictChunks).toBe(0);
      expect(resumed.files[0].inserted).toBe(lines - partial);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines')).toBe(lines);
      expect(await storedTotals(target.db)).toEqual(expected);
    } finally {
      await target.drop();
    }
  });

  it('skips rows the live path already stored, through ON CONFLICT for the chunks that hold them', async () => {
    const target = await ingestionDatabase('loader_overlap');
    try {
      // ten lines of the file as the live consumer would have stored them
      const csv = readFileSync(join(data, 'sales_lines.csv'), 'utf8').split('\n').slice(1001, 1011);
      for (const l of csv) {
        const [orderId, lineNo, sku, quantity, unitPrice, orderedAt] = l.split(',');
        await target.db.query(
          'INSERT INTO ingestion.order_lines (order_id, line_no, sku, quantity, unit_price, ordered_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [orderId, lineNo, sku, quantity, unitPrice, orderedAt],
        );
      }
      const result = await backfill({
        databaseUrl: target.url,
        dataDir: data,
        chunkRows: 1000,
        rejectsPath: join(data, 'rejects-overlap.csv'),
      });
      expect(result.files[0].conflictChunks).toBeGreaterThanOrEqual(1);
      expect(result.files[0].inserted).toBe(lines - 10);
      expect(await count(target.db, 'SELECT count(*) AS n FROM ingestion.order_lines')).toBe(lines);
      expect(await storedTotals(target.db)).toEqual(expected);
    } finally {
      await target.drop();
    }
  });

  it('reports bad rows with their file line in rejects.csv and loads the good ones', async () => {
    const target = await ingestionDatabase('loader_rejects');
    const dir = mkdtempSync(join(tmpdir(), 'backfill-bad-'));
    writeFileSync(
      join(dir, 'sales_lines.csv'),
      [
        'order_id,line_no,sku,quantity,unit_price,ordered_at',
        'O1,1,A,2,9.99,2024-03-01T10:00:00Z',
        'O1,2,A,zero,9.99,2024-03-01T10:00:00Z',
        'O2,1,B,1.5,4.00,2024-03-01T11:00:00Z',
        'O3,1,B,1,4.00,2024-02-30T11:00:00Z',
        'O4,1,B,3,4.00,2024-03-02T11:00:00Z',
        '',
      ].join('\n'),
    );
    try {
      const result = await backfill({ databaseUrl: target.url, dataDir: dir });
      expect(result.rejects.total).toBe(3);
      const rejects = parse(readFileSync(join(dir, 'rejects.csv')), { columns: true }) as Record<
        string,
        string
      >[];
      expect(rejects.map((r) => [r.file.endsWith('sales_lines.csv'), r.line])).toEqual([
        [true, '3'],
        [true, '4'],
        [true, '5'],
      ]);
      expect(rejects[0].reason).toMatch(/quantity/);
      expect(rejects[1].reason).toMatch(/whole number/);
      expect(rejects[2].reason).toMatch(/ISO-8601/);
      expect(await storedTotals(target.db)).toEqual(
        new Map([
          ['A|2024-03-01', { quantity: 2, orderLines: 1, returned: 0 }],
          ['B|2024-03-02', { quantity: 3, orderLines: 1, returned: 0 }],
        ]),
      );
    } finally {
      await target.drop();
    }
  });

  it('refuses a database where the ingestion service has not created its schema', async () => {
    const fresh = await freshDatabase('loader_noschema');
    try {
      await expect(backfill({ databaseUrl: fresh.url, dataDir: data })).rejects.toThrow(
        /start the ingestion service once/,
      );
    } finally {
      await fresh.drop();
    }
  });
});
