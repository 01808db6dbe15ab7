import { contractEvent } from '@salescast/platform/kafka/contract-events';
import type { OutgoingEvent } from '@salescast/platform/kafka/ports';

/** A row of `daily_sales` as the repositories read it back (`day` as YYYY-MM-DD). */
export interface DailySalesRow {
  sku: string;
  day: string;
  quantity: number;
  revenue: number;
  returned_quantity: number;
  order_lines: number;
}

/**
 * The one mapping of a `daily_sales` row onto `sales.daily.v1` (the SKU is the key). Used by the
 * live path (order lines, returns) and by the backfill's rebuild alike.
 */
export function dailySalesEvent(r: DailySalesRow): OutgoingEvent {
  return contractEvent('sales.daily.v1', r.sku, {
    sku: r.sku,
    date: r.day,
    quantity: r.quantity,
    revenue: r.revenue,
    returnedQuantity: r.returned_quantity,
    orderLines: r.order_lines,
  });
}

/** The columns of a row of `daily_sales`, in the shape `dailySalesEvent` reads (for RETURNING / SELECT). */
export const DAILY_SALES_COLUMNS = `sku, to_char(day, 'YYYY-MM-DD') AS day, quantity, revenue, returned_quantity, order_lines`;
