import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  BusinessEvent,
  dayNumber,
  FILE_NAMES,
  readRecords,
  RecordKind,
  RecordTypes,
  InventoryRecord,
  RejectLog,
  SkuRecord,
  SupplyTerms,
} from '@salescast/datagen';

/** Daily totals of one SKU, keyed by day number (`dayNumber` of @salescast/datagen). */
export interface SkuDaily {
  units: Map<number, number>;
  revenue: Map<number, number>;
  returned: Map<number, number>;
}

/** A retailer's data set, validated and aggregated to SKU-days (lines are not kept). */
export interface Dataset {
  dir: string;
  skus: Map<string, SkuRecord>;
  terms: Map<string, SupplyTerms>;
  /** The latest inventory row per SKU (`inventory.csv`, optional). */
  inventory?: Map<string, InventoryRecord>;
  events: BusinessEvent[];
  daily: Map<string, SkuDaily>;
  /** First and last day with a sales line (day numbers); NaN when there are none. */
  firstDay: number;
  lastDay: number;
  /** Accepted rows per file. */
  rows: Partial<Record<RecordKind, number>>;
  rejects: RejectLog;
}

export interface LoadOptions {
  /** Where rejected rows go (the RejectLog writes `<out>/rejects.csv`); default: counted only. */
  rejects?: RejectLog;
  /** Called every 100,000 rows with the file being read and the rows read so far in it. */
  onRows?: (file: string, rows: number) => void;
}

/** Files a data set must have; returns, supply terms, inventory and events may be absent (read as empty). */
const REQUIRED: RecordKind[] = ['skus', 'sales_lines'];

function dailyOf(dataset: Dataset, sku: string): SkuDaily {
  let d = dataset.daily.get(sku);
  if (!d) dataset.daily.set(sku, (d = { units: new Map(), revenue: new Map(), returned: new Map() }));
  return d;
}

function add(map: Map<number, number>, day: number, value: number): void {
  map.set(day, (map.get(day) ?? 0) + value);
}

/**
 * Reads the five files of a data set directory, in dependency order (SKU master first, so that lines,
 * returns and terms naming an unknown SKU are rejected), and aggregates sales and returns per SKU-day.
 * Bad rows go to `options.rejects`; a missing required file throws an Error naming it.
 */
export async function loadDataset(dir: string, options: LoadOptions = {}): Promise<Dataset> {
  for (const kind of REQUIRED)
    if (!existsSync(join(dir, FILE_NAMES[kind])))
      throw new Error(
        `${join(dir, FILE_NAMES[kind])} not found: a data set needs ${REQUIRED.map((k) => FILE_NAMES[k]).join(' and ')}`,
      );
  const dataset: Dataset = {
    dir,
    skus: new Map(),
    terms: new Map(),
    events: [],
    daily: new Map(),
    firstDay: NaN,
    lastDay: NaN,
    rows: {},
    rejects: options.rejects ?? new RejectLog(),
  };
  const read = async <K extends RecordKind>(kind: K, use: (record: RecordTypes[K]) => void) => {
    const path = join(dir, FILE_NAMES[kind]);
    if (!existsSync(path)) return;
    const knownSkus =
      kind === 'skus' || kind === 'business_events' ? undefined : new Set(dataset.skus.keys());
    let rows = 0;
    for await (const row of readRecords(kind, path, { file: FILE_NAMES[kind], knownSkus })) {
      if (!row.ok) {
        dataset.rejects.add(row.reject);
        continue;
      }
      use(row.record);
      if (++rows % 100_000 === 0) options.onRows?.(FILE_NAMES[kind], rows);
    }
    dataset.rows[kind] = rows;
  };

  await read('skus', (r) => dataset.skus.set(r.sku, r));
  await read('supply_terms', (r) => dataset.terms.set(r.sku, r));
  const inventory = new Map<string, InventoryRecord>();
  dataset.inventory = inventory;
  await read('inventory', (r) => {
    const seen = inventory.get(r.sku);
    if (!seen || seen.asOf <= r.asOf) inventory.set(r.sku, r);
  });
  await read('business_events', (r) => dataset.events.push(r));
  let first = Infinity;
  let last = -Infinity;
  await read('sales_lines', (r) => {
    const day = dayNumber(r.day);
    const d = dailyOf(dataset, r.sku);
    add(d.units, day, r.quantity);
    add(d.revenue, day, r.quantity * r.unitPrice);
    if (day < first) first = day;
    if (day > last) last = day;
  });
  await read('returns', (r) => add(dailyOf(dataset, r.sku).returned, dayNumber(r.day), r.quantity));
  dataset.firstDay = Number.isFinite(first) ? first : NaN;
  dataset.lastDay = Number.isFinite(last) ? last : NaN;
  return dataset;
}
