import { events } from '@salescast/contracts';

/**
 * Why a sales line cannot be accepted, or undefined when it is fine. Pure: the same rules apply to a
 * Kafka event and to a backfilled file row (which the CLI maps to the same record).
 */
export function salesLineProblem(line: events.SalesLineRecorded): string | undefined {
  if (!line.orderId?.trim()) return 'order_id: required';
  if (!Number.isInteger(line.lineNo) || line.lineNo < 0)
    return `line_no: want a whole number >= 0 (got ${line.lineNo})`;
  if (!line.sku?.trim()) return 'sku: required';
  if (!Number.isInteger(line.quantity) || line.quantity <= 0)
    return `quantity: want a whole number > 0 (got ${line.quantity})`;
  if (!Number.isFinite(line.unitPrice) || line.unitPrice < 0)
    return `unit_price: want a number >= 0 (got ${line.unitPrice})`;
  if (!(line.orderedAt instanceof Date) || Number.isNaN(line.orderedAt.getTime()))
    return 'ordered_at: required ISO-8601 timestamp';
  return undefined;
}

/** A line as stored: the UTC calendar day of the order is the aggregation key with the SKU. */
export interface LineRow {
  orderId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: number;
  orderedAt: Date;
}

/** Keeps the last occurrence of each (order_id, line_no) so one INSERT never sees a key twice. */
export function dedupeLines(lines: LineRow[]): LineRow[] {
  const byKey = new Map<string, LineRow>();
  for (const l of lines) byKey.set(`${l.orderId}\u0000${l.lineNo}`, l);
  return [...byKey.values()];
}
