import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
// deep import: the loader (and jest) load this file without Nest, which the platform index brings
import { enqueue } from '@salescast/platform/db/outbox';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { DAILY_SALES_COLUMNS, dailySalesEvent, DailySalesRow } from '../daily-aggregates/daily-sales.event';

/**
 * The bulk path into ingestion's tables, for `salescast backfill` (tools/loader): the loader owns its
 * chunking and checkpoints, and every statement on ingestion's tables is here, next to the live
 * repositories that write the same tables — so each table has one owner and lint sees every caller.
 * Functions over a `pg` connection, because COPY streams need one.
 */

/** The service's schema (see main.ts): the loader connects with `search_path` set to it. */
export const INGESTION_SCHEMA = 'ingestion';

/** The history tables a backfill loads and their columns, in COPY order. */
export const BULK_TABLES = {
  order_lines: ['order_id', 'line_no', 'sku', 'quantity', 'unit_price', 'ordered_at'],
  returns: ['return_id', 'order_id', 'sku', 'quantity', 'returned_at'],
} as const;
export type BulkTable = keyof typeof BULK_TABLES;

const stageOf = (table: BulkTable) => `stage_${table}`;

/** Whether the service's migrations created `table` (the backfill never creates or alters them). */
export async function hasTable(client: ClientBase, table: BulkTable): Promise<boolean> {
  const { rows } = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `${INGESTION_SCHEMA}.${table}`,
  ]);
  return rows[0].present;
}

/** A session-private staging table shaped like `table` (emptied at each commit). */
export async function prepareStaging(client: ClientBase, table: BulkTable): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${stageOf(table)} (LIKE ${table}) ON COMMIT DELETE ROWS`,
  );
}

/** COPYs CSV `parts` into `table` (or its staging table); returns the rows copied. */
export async function copyRows(
  client: ClientBase,
  table: BulkTable,
  parts: Iterable<string | Buffer>,
  into: 'table' | 'staging' = 'table',
): Promise<number> {
  const target = into === 'table' ? table : stageOf(table);
  const stream = client.query(
    copyFrom(`COPY ${target} (${BULK_TABLES[table].join(', ')}) FROM STDIN WITH (FORMAT csv)`),
  );
  await pipeline(Readable.from(parts), stream);
  return stream.rowCount;
}

/** Moves the staged rows into `table`, skipping keys already stored; returns the rows inserted. */
export async function insertStaged(client: ClientBase, table: BulkTable): Promise<number> {
  const cols = BULK_TABLES[table].join(', ');
  const res = await client.query(
    `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${stageOf(table)} ON CONFLICT DO NOTHING`,
  );
  await client.query(`TRUNCATE ${stageOf(table)}`);
  return res.rowCount ?? 0;
}

export interface DayRange {
  from: string;
  to: string;
}

const FETCH = 5000;

/**
 * Recomputes `daily_sales` for every SKU-day in `range` from the stored order lines (and returns, when
 * the schema has them), writing only the SKU-days whose totals differ, and enqueues `sales.daily.v1`
 * with the new totals for each of them in the outbox — one transaction, so the totals and their
 * announcement commit together, and the running ingestion service (the topic's one writer) relays them.
 * A re-run over unchanged data changes and announces nothing. Memory stays flat: the changed rows are
 * kept in a temporary table and encoded 5 000 at a time through a cursor.
 *
 * Runs inside the caller's transaction on `client`; `manager` is a TypeORM manager on the same
 * connection (the outbox's `enqueue`).
 */
export async function rebuildDailySales(
  client: ClientBase,
  manager: EntityManager,
  range: DayRange,
  withReturns: boolean,
): Promise<number> {
  // the GROUP BY over every loaded line holds one entry per SKU-day: give it memory instead of spilling
  // to disk (the default work_mem is 4 MB); SET LOCAL ends with the caller's transaction
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query(
    `CREATE TEMP TABLE rebuilt_days (sku text, day date, quantity float8, revenue float8, returned_quantity float8, order_lines int) ON COMMIT DROP`,
  );
  const bounds = `>= ($1::date)::timestamp AT TIME ZONE 'UTC' AND %s < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'`;
  const returnsCte = withReturns
    ? `SELECT sku, (returned_at AT TIME ZONE 'UTC')::date AS day, sum(quantity)::float8 AS rq
       FROM returns WHERE returned_at ${bounds.replace('%s', 'returned_at')} GROUP BY 1, 2`
    : `SELECT NULL::text AS sku, NULL::date AS day, NULL::float8 AS rq WHERE false`;
  const res = await client.query(
    `WITH s AS (
       SELECT sku, (ordered_at AT TIME ZONE 'UTC')::date AS day, sum(quantity)::float8 AS q,
              sum(quantity * unit_price)::float8 AS rev, count(*)::int AS n
       FROM order_lines WHERE ordered_at ${bounds.replace('%s', 'ordered_at')} GROUP BY 1, 2
     ), r AS (${returnsCte}),
     t AS (
       SELECT sku, day, coalesce(s.q, 0) AS q, coalesce(s.rev, 0) AS rev, coalesce(r.rq, 0) AS rq, coalesce(s.n, 0) AS n
       FROM s FULL JOIN r USING (sku, day)
     ), up AS (
       INSERT INTO daily_sales AS d (sku, day, quantity, revenue, returned_quantity, order_lines)
       SELECT sku, day, q, rev, rq, n FROM t ORDER BY sku, day
       ON CONFLICT (sku, day) DO UPDATE SET quantity = EXCLUDED.quantity, revenue = EXCLUDED.revenue,
         returned_quantity = EXCLUDED.returned_quantity, order_lines = EXCLUDED.order_lines, updated_at = now()
       WHERE (d.quantity, d.revenue, d.returned_quantity, d.order_lines)
             IS DISTINCT FROM (EXCLUDED.quantity, EXCLUDED.revenue, EXCLUDED.returned_quantity, EXCLUDED.order_lines)
       RETURNING sku, day, quantity, revenue, returned_quantity, order_lines
     )
     INSERT INTO rebuilt_days SELECT * FROM up`,
    [range.from, range.to],
  );
  const changed = res.rowCount ?? 0;
  await client.query(
    `DECLARE rebuilt_cursor NO SCROLL CURSOR FOR SELECT ${DAILY_SALES_COLUMNS} FROM rebuilt_days`,
  );
  // pipelined on the one connection: the next FETCH is queued before this batch is encoded, and a
  // batch's outbox INSERT is awaited only after the next batch was encoded, so PostgreSQL fetches and
  // inserts while Node encodes
  const fetch = () => {
    const p = client.query<DailySalesRow>(`FETCH ${FETCH} FROM rebuilt_cursor`);
    p.catch(() => undefined); // handled where awaited; not an unhandled rejection meanwhile
    return p;
  };
  let next = fetch();
  let inserting: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const { rows } = await next;
      if (rows.length === 0) break;
      next = fetch();
      const events = rows.map(dailySalesEvent);
      await inserting;
      inserting = enqueue(manager, events);
      inserting.catch(() => undefined); // handled where awaited
    }
    await inserting;
  } finally {
    // settle whatever is still queued before the caller rolls back or commits
    await Promise.allSettled([next, inserting]);
  }
  await client.query('CLOSE rebuilt_cursor');
  return changed;
}
