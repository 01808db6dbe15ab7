import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { RejectLog } from '@salescast/datagen';

/**
 * Reads an optional stock file (`sku,on_hand`): units on hand at the end of the as-of day. Rows with an
 * unknown SKU or a missing/negative quantity go to the reject log, like the data set's own rows.
 */
export function readStock(
  path: string,
  knownSkus: ReadonlySet<string>,
  rejects: RejectLog,
): Map<string, number> {
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
  const stock = new Map<string, number>();
  for (const { record, info, raw } of rows) {
    const sku = record.sku?.trim() ?? '';
    const value = record.on_hand?.trim() ?? '';
    const reject = (reason: string) =>
      rejects.add({ file, line: info.lines, reason, raw: raw.replace(/\r?\n$/, '') });
    if (!knownSkus.has(sku)) reject(`unknown sku '${sku}' (not in skus.csv)`);
    else if (!/^\d+(\.\d+)?$/.test(value)) reject(`'on_hand' must be a number >= 0, got '${value}'`);
    else if (stock.has(sku)) reject('duplicate of an earlier row (same sku)');
    else stock.set(sku, Number(value));
  }
  return stock;
}
