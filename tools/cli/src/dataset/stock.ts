import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InventoryRecord, RejectLog } from '@salescast/datagen';

/**
 * Reads a stock file: `sku,on_hand` (units on hand at the end of the as-of day), or the data set's
 * `inventory.csv` shape `sku,as_of,on_hand,on_order` (docs/data-format.md; the latest as_of per SKU
 * wins). A missing on_order is 0 and a missing as_of is the plan's as-of day (`asOf`). Rows with an
 * unknown SKU or a missing/negative quantity go to the reject log, like the data set's own rows.
 */
export function readStock(
  path: string,
  knownSkus: ReadonlySet<string>,
  rejects: RejectLog,
  asOf = '',
): Map<string, InventoryRecord> {
  const file = basename(path);
  const rows = parse(readFileSync(path), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    relax_column_count: true,
  }) as Array<{
    record: Record<string, string | undefined>;
    info: { lines: number };
    raw: string;
  }>;
  const stock = new Map<string, InventoryRecord>();
  const seen = new Set<string>();
  const NUMBER = /^\d+(\.\d+)?$/;
  for (const { record, info, raw } of rows) {
    const sku = record.sku?.trim() ?? '';
    const onHand = record.on_hand?.trim() ?? '';
    const onOrder = record.on_order?.trim() || '0';
    const day = record.as_of?.trim() || asOf;
    const reject = (reason: string) =>
      rejects.add({ file, line: info.lines, reason, raw: raw.replace(/\r?\n$/, '') });
    if (!knownSkus.has(sku)) reject(`unknown sku '${sku}' (not in skus.csv)`);
    else if (!NUMBER.test(onHand)) reject(`'on_hand' must be a number >= 0, got '${onHand}'`);
    else if (!NUMBER.test(onOrder)) reject(`'on_order' must be a number >= 0, got '${onOrder}'`);
    else if (record.as_of !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
      reject(`'as_of' is not a date (want YYYY-MM-DD): '${day}'`);
    else if (seen.has(`${sku}|${day}`))
      reject(`duplicate of an earlier row (same sku${record.as_of !== undefined ? ' + as_of' : ''})`);
    else {
      seen.add(`${sku}|${day}`);
      const previous = stock.get(sku);
      if (!previous || previous.asOf <= day)
        stock.set(sku, { sku, asOf: day, onHand: Number(onHand), onOrder: Number(onOrder) });
    }
  }
  return stock;
}
