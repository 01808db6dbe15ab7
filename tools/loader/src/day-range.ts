import type { DayRange } from '@salescast/ingestion';

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
