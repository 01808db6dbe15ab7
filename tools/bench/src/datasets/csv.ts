import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** One observation of a long-format data set file (`series_id,date,value,…`). */
export interface LongRow {
  series_id: string;
  date: string;
  /** NaN where the file leaves the value empty (suppressed / not available). */
  value: number;
  [column: string]: string | number;
}

/** Parses long-format CSV text; every row must have `series_id`, `date` and `value`. */
export function parseLongCsv(text: string, source = 'csv'): LongRow[] {
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    if (r.series_id === undefined || r.date === undefined || r.value === undefined)
      throw new Error(`${source}: row ${i + 2} lacks series_id, date or value`);
    return { ...r, series_id: r.series_id, date: r.date, value: r.value === '' ? NaN : Number(r.value) };
  });
}

export function readLongCsv(file: string): LongRow[] {
  return parseLongCsv(readFileSync(file, 'utf8'), file);
}

/** Groups rows by series id, keeping the file's order of series and of rows within a series. */
export function groupBySeries<T extends { series_id: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const g = groups.get(r.series_id);
    if (g) g.push(r);
    else groups.set(r.series_id, [r]);
  }
  return groups;
}
