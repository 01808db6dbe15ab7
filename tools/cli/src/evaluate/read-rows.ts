import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { ForecastRow, TruthRow } from './evaluate-forecast';

async function* rows(
  path: string,
  required: string[],
): AsyncGenerator<{ row: Record<string, string>; line: number }> {
  const parser = createReadStream(path).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, info: true }),
  );
  let checked = false;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    if (!checked) {
      const missing = required.filter((c) => !(c in record));
      if (missing.length)
        throw new Error(
          `${path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (want ${required.join(',')})`,
        );
      checked = true;
    }
    yield { row: record, line: info.lines };
  }
}

function num(
  path: string,
  line: number,
  column: string,
  value: string | undefined,
  optional = false,
): number | undefined {
  if ((value === undefined || value === '') && optional) return undefined;
  const n = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(n))
    throw new Error(`${path}:${line}: '${column}' is not a number: '${value}'`);
  return n;
}

/** Reads a forecast file (`sku,date,mean[,p10,p50,p90]`, as written by `salescast forecast`). */
export async function readForecastRows(path: string): Promise<ForecastRow[]> {
  const out: ForecastRow[] = [];
  for await (const { row, line } of rows(path, ['sku', 'date', 'mean'])) {
    const p10 = num(path, line, 'p10', row.p10, true);
    const p90 = num(path, line, 'p90', row.p90, true);
    out.push({
      sku: row.sku,
      date: row.date,
      mean: num(path, line, 'mean', row.mean) as number,
      ...(p10 !== undefined && { p10 }),
      ...(p90 !== undefined && { p90 }),
    });
  }
  return out;
}

/**
 * Reads a truth file (`sku,date,quantity[,expected,p10,p90]`, e.g. truth/daily_truth.csv of the generator),
 * taking `column` as the quantity (`expected` gives the generator's noise-free mean), with the truth's own band
 * where it has one.
 */
export async function readTruthRows(path: string, column = 'quantity'): Promise<TruthRow[]> {
  const out: TruthRow[] = [];
  for await (const { row, line } of rows(path, ['sku', 'date', column])) {
    const p10 = num(path, line, 'p10', row.p10, true);
    const p90 = num(path, line, 'p90', row.p90, true);
    out.push({
      sku: row.sku,
      date: row.date,
      quantity: num(path, line, column, row[column]) as number,
      ...(p10 !== undefined && { p10 }),
      ...(p90 !== undefined && { p90 }),
    });
  }
  return out;
}
