/**
 * The retailer's five record kinds. A file row and an `erp.*` Kafka event payload are the same record,
 * so these types and their validators (validate.ts) are shared by the CLI, the backfill and the
 * ingestion service. See docs/data-format.md.
 */

/** One order line: `sales_lines.csv`, event `erp.sales-lines.v1`. */
export interface SalesLine {
  orderId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: number;
  /** ISO-8601 UTC timestamp as written, e.g. `2024-03-01T14:05:09Z`. */
  orderedAt: string;
  /** `YYYY-MM-DD` (UTC) of orderedAt: the day the sale counts for. */
  day: string;
}

/** One returned quantity: `returns.csv`, event `erp.returns.v1`. */
export interface ReturnRecord {
  returnId: string;
  orderId: string;
  sku: string;
  quantity: number;
  returnedAt: string;
  /** `YYYY-MM-DD` (UTC) of returnedAt. */
  day: string;
}

/** One SKU master row: `skus.csv`, event `erp.skus.v1`. */
export interface SkuRecord {
  sku: string;
  name: string;
  category: string;
  /** Current list price. */
  unitPrice: number;
  launchedOn: string;
  /** Empty in the file = still sold. */
  discontinuedOn?: string;
}

/** Purchasing terms per SKU: `supply_terms.csv`, event `erp.supply-terms.v1`. */
export interface SupplyTerms {
  sku: string;
  supplier: string;
  /** Minimum order quantity, in units. */
  moq: number;
  leadTimeDays: number;
  /** Units per pack: orders are whole packs. Empty in the file = 1 (single units). */
  packSize?: number;
  /** Days between two ordering decisions (the supplier's order calendar). Empty = the planner's default. */
  reviewDays?: number;
}

/** Stock of one SKU at the end of a day: `inventory.csv`, event `erp.inventory.v1`. */
export interface InventoryRecord {
  sku: string;
  /** `YYYY-MM-DD`: the figures hold at the end of this day. */
  asOf: string;
  onHand: number;
  /** Ordered from the supplier, not yet received. */
  onOrder: number;
}

export type BusinessEventKind = 'shutdown' | 'reopening' | 'promotion';

/**
 * A dated business event: `business_events.csv`, event `erp.business-events.v1`.
 * Same shape as `BusinessEventRecord` of @salescast/forecasting, so it maps with `eventsToContext`.
 */
export interface BusinessEvent {
  kind: BusinessEventKind;
  startsOn: string;
  endsOn?: string;
  /** `all`, `category:<name>` or `sku:<id>`. */
  scope: string;
  description?: string;
}

export interface RecordTypes {
  sales_lines: SalesLine;
  returns: ReturnRecord;
  skus: SkuRecord;
  supply_terms: SupplyTerms;
  inventory: InventoryRecord;
  business_events: BusinessEvent;
}

export type RecordKind = keyof RecordTypes;

/** Column order of each file, as written by the generator and required (by name) by the reader. */
export const COLUMNS: { readonly [K in RecordKind]: readonly string[] } = {
  sales_lines: ['order_id', 'line_no', 'sku', 'quantity', 'unit_price', 'ordered_at'],
  returns: ['return_id', 'order_id', 'sku', 'quantity', 'returned_at'],
  skus: ['sku', 'name', 'category', 'unit_price', 'launched_on', 'discontinued_on'],
  supply_terms: ['sku', 'supplier', 'moq', 'lead_time_days', 'pack_size', 'review_days'],
  inventory: ['sku', 'as_of', 'on_hand', 'on_order'],
  business_events: ['kind', 'starts_on', 'ends_on', 'scope', 'description'],
};

/** Columns that may be empty. */
export const OPTIONAL_COLUMNS: { readonly [K in RecordKind]: readonly string[] } = {
  sales_lines: [],
  returns: [],
  skus: ['discontinued_on'],
  supply_terms: ['pack_size', 'review_days'],
  inventory: [],
  business_events: ['ends_on', 'description'],
};

export const FILE_NAMES: { readonly [K in RecordKind]: string } = {
  sales_lines: 'sales_lines.csv',
  returns: 'returns.csv',
  skus: 'skus.csv',
  supply_terms: 'supply_terms.csv',
  inventory: 'inventory.csv',
  business_events: 'business_events.csv',
};

/** Read order: the SKU master first, so that lines, returns and terms can be checked against it. */
export const RECORD_KINDS: readonly RecordKind[] = [
  'skus',
  'supply_terms',
  'inventory',
  'business_events',
  'sales_lines',
  'returns',
];
