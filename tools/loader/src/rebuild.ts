import { enqueue } from '@salescast/platform/db/outbox';
import { contractEvent } from '@salescast/platform/kafka/contract-events';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

export interface DayRange {
  from: string;
  to: string;
}

/** The smallest range holding every given range (undefined ends ignored); undefined when all are empty. */
export function spanOf(ranges: ReadonlyArray<{ minDay?: string; maxDay?: string }>): DayRange | undefined {
  let from: string | undefined;
  let to: string | undefined;
  for (const r of ranges) {
    if (r.minDay && (!from || r.minDay < from)) from = r.minDay;
    if (r.maxDay && (!to || r.maxDay > to)) to = r.maxDay;
  }
  return from && to ? { from, to } : undefined;
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
 * Runs inside the caller's transaction (the caller also marks its checkpoints as rebuilt in it).
 */
export async function rebuildDailySales(
  client: PoolClient,
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
    `DECLARE rebuilt_cursor NO SCROLL CURSOR FOR
     SELECT sku, to_char(day, 'YYYY-MM-DD') AS day, quantity, revenue, returned_quantity, order_lines FROM rebuilt_days`,
  );
  // pipelined on the one connection: the next FETCH is queued before this batch is encoded, and a
  // batch's outbox INSERT is awaited only after the next batch was encoded, so PostgreSQL fetches and
  // inserts while Node encodes
  const fetch = () => {
    const p = client.query(`FETCH ${FETCH} FROM rebuilt_cursor`);
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
      const events = rows.map((r) =>
        contractEvent('sales.daily.v1', r.sku, {
          sku: r.sku,
          date: r.day,
          quantity: r.quantity,
          revenue: r.revenue,
          returnedQuantity: r.returned_quantity,
          orderLines: r.order_lines,
        }),
      );
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
