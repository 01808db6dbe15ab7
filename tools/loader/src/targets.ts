import { RecordKind, RecordTypes, ReturnRecord, SalesLine } from '@salescast/datagen';
import { BULK_TABLES, BulkTable } from '@salescast/ingestion';

/**
 * Where each historical record kind goes in the ingestion service's schema: the same tables and
 * natural keys the live consumers write, so a backfilled row and a consumed event are the same row.
 */
/** The kinds that are history (dated rows); the SKU master and terms are current state, sent as events. */
export type LoadKind = Extract<RecordKind, 'sales_lines' | 'returns'>;

export interface LoadTarget<K extends LoadKind = LoadKind> {
  kind: K;
  table: BulkTable;
  /** The table's columns in COPY order (ingestion's BULK_TABLES). */
  columns: readonly string[];
  /** The record as column values, in `columns` order. */
  values(record: RecordTypes[K]): ReadonlyArray<string | number>;
  /** A rule the table adds to the file format's validation, or undefined when the record fits. */
  problem(record: RecordTypes[K]): string | undefined;
}

/** The table stores whole units (`quantity integer`), while the file format accepts decimals. */
function wholeQuantity(quantity: number): string | undefined {
  return Number.isInteger(quantity) && quantity <= 2_147_483_647
    ? undefined
    : `'quantity' must be a whole number of units for the ingestion tables, got ${quantity}`;
}

/** `line_no` is an `integer` column: a larger number would make the chunk's COPY fail, not one row. */
function lineNumber(lineNo: number): string | undefined {
  return lineNo <= 2_147_483_647
    ? undefined
    : `'line_no' must be at most 2147483647 for the ingestion tables, got ${lineNo}`;
}

const salesLines: LoadTarget<'sales_lines'> = {
  kind: 'sales_lines',
  table: 'order_lines',
  columns: BULK_TABLES.order_lines,
  values: (r: SalesLine) => [r.orderId, r.lineNo, r.sku, r.quantity, r.unitPrice, r.orderedAt],
  problem: (r) => wholeQuantity(r.quantity) ?? lineNumber(r.lineNo),
};

const returns: LoadTarget<'returns'> = {
  kind: 'returns',
  table: 'returns',
  columns: BULK_TABLES.returns,
  values: (r: ReturnRecord) => [r.returnId, r.orderId, r.sku, r.quantity, r.returnedAt],
  problem: (r) => wholeQuantity(r.quantity),
};

/** The kinds the backfill loads, in load order. */
export const LOAD_TARGETS: readonly LoadTarget[] = [salesLines as LoadTarget, returns as LoadTarget];
