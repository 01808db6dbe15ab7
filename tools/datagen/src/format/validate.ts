import { BusinessEventKind, COLUMNS, OPTIONAL_COLUMNS, RecordKind, RecordTypes } from './records';

/**
 * Row validation: one function per record kind turns the named string fields of a row into a typed
 * record, or returns the reason it cannot. Pure and allocation-light: the reader calls it for every
 * one of ~85 M sales lines.
 */

/** What a validator may check a row against (other files of the same data set). */
export interface ValidationContext {
  /** SKUs of the master file. When given, rows naming another SKU are rejected ('unknown sku'). */
  knownSkus?: ReadonlySet<string>;
}

export type Validated<T> = { ok: true; record: T } | { ok: false; reason: string };

/** A row's fields by column name; undefined = the row has no such field. */
export type Fields = (column: string) => string | undefined;

class RowError extends Error {}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP_UTC = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]00:?00)$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** Valid calendar days seen so far; timestamps repeat the same few thousand days millions of times. */
const validDays = new Set<string>();

export function isValidDate(value: string): boolean {
  if (validDays.has(value)) return true;
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  const ok = d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  if (ok && validDays.size < 100_000) validDays.add(value);
  return ok;
}

function text(fields: Fields, column: string, optional = false): string {
  const value = fields(column);
  if (value === undefined) throw new RowError(`missing column '${column}'`);
  const trimmed = value.trim();
  if (trimmed === '' && !optional) throw new RowError(`empty '${column}'`);
  return trimmed;
}

function number(fields: Fields, column: string, integer = false): number {
  const raw = text(fields, column);
  if (!(integer ? INTEGER : DECIMAL).test(raw))
    throw new RowError(`'${column}' is not ${integer ? 'an integer' : 'a number'}: '${raw}'`);
  return Number(raw);
}

function positive(fields: Fields, column: string, integer = false): number {
  const value = number(fields, column, integer);
  if (value <= 0) throw new RowError(`'${column}' must be > 0, got ${value}`);
  return value;
}

function nonNegative(fields: Fields, column: string, integer = false): number {
  const value = number(fields, column, integer);
  if (value < 0) throw new RowError(`'${column}' must be >= 0, got ${value}`);
  return value;
}

function date(fields: Fields, column: string, optional = false): string | undefined {
  const raw = text(fields, column, optional);
  if (raw === '') return undefined;
  if (!isValidDate(raw)) throw new RowError(`'${column}' is not a date (want YYYY-MM-DD): '${raw}'`);
  return raw;
}

/** An ISO-8601 UTC timestamp and its day. */
function timestamp(fields: Fields, column: string): { at: string; day: string } {
  const raw = text(fields, column);
  const m = TIMESTAMP_UTC.exec(raw);
  if (!m || !isValidDate(m[1]))
    throw new RowError(
      `'${column}' is not an ISO-8601 UTC timestamp (want e.g. 2024-03-01T14:05:09Z): '${raw}'`,
    );
  return { at: raw, day: m[1] };
}

function knownSku(fields: Fields, context: ValidationContext): string {
  const sku = text(fields, 'sku');
  if (context.knownSkus && !context.knownSkus.has(sku))
    throw new RowError(`unknown sku '${sku}' (not in skus.csv)`);
  return sku;
}

const EVENT_KINDS: readonly BusinessEventKind[] = ['shutdown', 'reopening', 'promotion'];
const SCOPE = /^(all|category:.+|sku:.+)$/;

type Validator<K extends RecordKind> = (fields: Fields, context: ValidationContext) => RecordTypes[K];

const validators: { [K in RecordKind]: Validator<K> } = {
  sales_lines: (f, ctx) => {
    const orderedAt = timestamp(f, 'ordered_at');
    return {
      orderId: text(f, 'order_id'),
      lineNo: positive(f, 'line_no', true),
      sku: knownSku(f, ctx),
      quantity: positive(f, 'quantity'),
      unitPrice: nonNegative(f, 'unit_price'),
      orderedAt: orderedAt.at,
      day: orderedAt.day,
    };
  },
  returns: (f, ctx) => {
    const returnedAt = timestamp(f, 'returned_at');
    return {
      returnId: text(f, 'return_id'),
      orderId: text(f, 'order_id'),
      sku: knownSku(f, ctx),
      quantity: positive(f, 'quantity'),
      returnedAt: returnedAt.at,
      day: returnedAt.day,
    };
  },
  skus: (f) => {
    const launchedOn = date(f, 'launched_on') as string;
    const discontinuedOn = date(f, 'discontinued_on', true);
    if (discontinuedOn !== undefined && discontinuedOn < launchedOn)
      throw new RowError(`discontinued_on ${discontinuedOn} is before launched_on ${launchedOn}`);
    return {
      sku: text(f, 'sku'),
      name: text(f, 'name'),
      category: text(f, 'category'),
      unitPrice: nonNegative(f, 'unit_price'),
      launchedOn,
      ...(discontinuedOn !== undefined && { discontinuedOn }),
    };
  },
  supply_terms: (f, ctx) => {
    const packSize = text(f, 'pack_size', true) === '' ? undefined : positive(f, 'pack_size', true);
    const reviewDays = text(f, 'review_days', true) === '' ? undefined : positive(f, 'review_days', true);
    return {
      sku: knownSku(f, ctx),
      supplier: text(f, 'supplier'),
      moq: positive(f, 'moq', true),
      leadTimeDays: nonNegative(f, 'lead_time_days', true),
      ...(packSize !== undefined && { packSize }),
      ...(reviewDays !== undefined && { reviewDays }),
    };
  },
  inventory: (f, ctx) => ({
    sku: knownSku(f, ctx),
    asOf: date(f, 'as_of') as string,
    onHand: nonNegative(f, 'on_hand'),
    onOrder: nonNegative(f, 'on_order'),
  }),
  business_events: (f) => {
    const kind = text(f, 'kind') as BusinessEventKind;
    if (!EVENT_KINDS.includes(kind))
      throw new RowError(`'kind' must be one of ${EVENT_KINDS.join('|')}, got '${kind}'`);
    const startsOn = date(f, 'starts_on') as string;
    const endsOn = date(f, 'ends_on', true);
    if (endsOn !== undefined && endsOn < startsOn)
      throw new RowError(`ends_on ${endsOn} is before starts_on ${startsOn}`);
    const scope = text(f, 'scope');
    if (!SCOPE.test(scope))
      throw new RowError(`'scope' must be all, category:<name> or sku:<id>, got '${scope}'`);
    const description = text(f, 'description', true);
    return {
      kind,
      startsOn,
      ...(endsOn !== undefined && { endsOn }),
      scope,
      ...(description && { description }),
    };
  },
};

/** Validates one row of a record kind. Never throws for bad data: the reason comes back instead. */
export function validateRow<K extends RecordKind>(
  kind: K,
  fields: Fields,
  context: ValidationContext = {},
): Validated<RecordTypes[K]> {
  try {
    return { ok: true, record: validators[kind](fields, context) };
  } catch (e) {
    if (e instanceof RowError) return { ok: false, reason: e.message };
    throw e;
  }
}

const keys: { [K in RecordKind]: (record: RecordTypes[K]) => string } = {
  sales_lines: (r) => `${r.orderId}\u0000${r.lineNo}`,
  returns: (r) => r.returnId,
  skus: (r) => r.sku,
  supply_terms: (r) => r.sku,
  inventory: (r) => `${r.sku}\u0000${r.asOf}`,
  business_events: (r) => `${r.kind}\u0000${r.startsOn}\u0000${r.scope}`,
};

/**
 * The natural key of a record: two rows with the same key are duplicates (the later one is rejected).
 * Sales lines: order + line; returns: return id; SKU rows and terms: the SKU; inventory: SKU + as_of;
 * events: kind + start + scope.
 */
export function naturalKey<K extends RecordKind>(kind: K, record: RecordTypes[K]): string {
  return keys[kind](record);
}

/** Required columns missing from a header (optional ones may be absent too: they read as empty). */
export function missingColumns(kind: RecordKind, header: readonly string[]): string[] {
  return COLUMNS[kind].filter((c) => !header.includes(c) && !OPTIONAL_COLUMNS[kind].includes(c));
}
