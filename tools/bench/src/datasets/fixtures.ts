import { addPeriods, Frequency } from '@salescast/forecasting';
import { LongRow } from './csv';

/** Long rows of one series for loader tests: consecutive dates from `start`, extra columns on every row. */
export function rowsOf(
  id: string,
  start: string,
  freq: Frequency,
  values: number[],
  extra: Record<string, string> = {},
): LongRow[] {
  return values.map((value, i) => ({ series_id: id, date: addPeriods(start, freq, i), value, ...extra }));
}
