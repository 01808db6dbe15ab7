/** One stored day of a SKU. */
export interface StoredDay {
  day: string;
  quantity: number;
  revenue: number;
  returnedQuantity: number;
}

const DAY_MS = 86_400_000;
const toMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * Turns the sparse stored days of one SKU (a day with no sales has no row) into dense arrays from
 * `from` (default: first stored day) to `to` (default: last stored day), zeros where nothing was sold.
 */
export function densify(
  rows: StoredDay[],
  from?: string,
  to?: string,
): { start: string; quantities: number[]; revenues: number[]; returned: number[] } {
  if (rows.length === 0 && (!from || !to))
    return { start: from ?? '', quantities: [], revenues: [], returned: [] };
  const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
  const start = from ?? sorted[0].day;
  const end = to ?? sorted[sorted.length - 1].day;
  const n = Math.round((toMs(end) - toMs(start)) / DAY_MS) + 1;
  if (n <= 0) return { start, quantities: [], revenues: [], returned: [] };
  const quantities = new Array<number>(n).fill(0);
  const revenues = new Array<number>(n).fill(0);
  const returned = new Array<number>(n).fill(0);
  for (const r of sorted) {
    const i = Math.round((toMs(r.day) - toMs(start)) / DAY_MS);
    if (i < 0 || i >= n) continue;
    quantities[i] = r.quantity;
    revenues[i] = r.revenue;
    returned[i] = r.returnedQuantity;
  }
  return { start, quantities, revenues, returned };
}
