import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../format/csv';
import { COLUMNS, FILE_NAMES } from '../format/records';
import { CATEGORIES } from './categories';
import { buildCatalog, listPrice, SkuPlan } from './catalog';
import { isoDay } from './days';
import { DemandModel } from './demand';
import { negativeBinomialQuantile } from './quantiles';
import { planPromotions, Promotion, scopeText } from './promotions';
import { ReturnQueue, SalesDay, UNITS_PER_LINE } from './orders';
import { Rng } from './rng';
import { DAYS, isClosed, skusForScale, STORY } from './story';
import { BufferedWriter } from './writer';
import { isStoryWorld, worldOf, WorldKnobs } from './world';

export interface GenerateOptions {
  /** Output directory (created). Files: the five CSVs, truth/daily_truth.csv, manifest.json. */
  out: string;
  seed: number;
  /** 1 = ~85 M order lines and 1,200 SKUs. Lines scale linearly, SKUs with the square root. */
  scale: number;
  /** Override the SKU count. */
  skus?: number;
  /** Knobs of the world (default: the story's, STORY_WORLD); written to the manifest when changed. */
  world?: Partial<WorldKnobs>;
  /** Called after each generated day. */
  onProgress?: (daysDone: number, daysTotal: number, linesWritten: number) => void;
}

export interface GenerateSummary {
  seed: number;
  scale: number;
  skus: number;
  orders: number;
  lines: number;
  units: number;
  returns: number;
  truthRows: number;
  promotions: number;
  /** Bytes per written file, by path relative to `out`. */
  files: Record<string, number>;
}

/** Scales demand so that the exported period holds about `lines` order lines. */
function calibrate(model: DemandModel, catalog: SkuPlan[], lines: number): void {
  model.base = 1;
  let units = 0;
  for (let day = DAYS.historyStart; day <= DAYS.dataEnd; day++) {
    model.startDay(day);
    for (const plan of catalog) units += model.expected(plan);
  }
  model.base = (lines * UNITS_PER_LINE) / units;
}

async function writeMaster(out: string, catalog: SkuPlan[], promotions: Promotion[]): Promise<void> {
  const skus = new BufferedWriter(join(out, FILE_NAMES.skus));
  skus.push(csvLine(COLUMNS.skus));
  for (const p of catalog)
    skus.push(
      csvLine([
        p.sku,
        p.name,
        CATEGORIES[p.category].name,
        listPrice(p, DAYS.dataEnd).toFixed(2),
        isoDay(p.launch),
        p.discontinued === undefined ? '' : isoDay(p.discontinued),
      ]),
    );
  await skus.close();

  const terms = new BufferedWriter(join(out, FILE_NAMES.supply_terms));
  terms.push(csvLine(COLUMNS.supply_terms));
  for (const p of catalog)
    terms.push(
      csvLine([p.sku, p.supplier, p.moq, p.leadTimeDays, packSizeOf(p.moq), reviewDaysOf(p.leadTimeDays)]),
    );
  await terms.close();

  const events = new BufferedWriter(join(out, FILE_NAMES.business_events));
  events.push(csvLine(COLUMNS.business_events));
  events.push(
    csvLine([
      'shutdown',
      STORY.shutdownStart,
      STORY.shutdownEnd,
      'all',
      'Shop closed: warehouse fire, no orders taken or shipped',
    ]),
  );
  events.push(csvLine(['reopening', STORY.reopening, '', 'all', 'Shop reopened from a new warehouse']));
  for (const p of promotions)
    events.push(
      csvLine(['promotion', isoDay(p.start), isoDay(p.end), scopeText(p.scope, catalog), p.description]),
    );
  await events.close();
}

const STOCK_RATE_DAYS = 28;

/** Units per case: the largest of 12, 6, 5 that divides the MOQ (1 when none does). */
function packSizeOf(moq: number): number {
  return [12, 6, 5].find((p) => p <= moq && moq % p === 0) ?? 1;
}

/** Nearby suppliers take orders weekly, overseas ones (lead time over 30 days) every two weeks. */
function reviewDaysOf(leadTimeDays: number): number {
  return leadTimeDays > 30 ? 14 : 7;
}

/**
 * An example `inventory.csv` (stock at the end of the data): on hand between 0 and ~45 days of recent
 * sales, some SKUs out of stock, and for a third of the SKUs an open purchase order of about two weeks
 * of sales, so that `salescast forecast` and `salescast publish` have something realistic to plan from.
 */
function writeStock(out: string, catalog: SkuPlan[], recentUnits: Float64Array, rng: Rng): void {
  const rows = [csvLine(COLUMNS.inventory)];
  for (const plan of catalog) {
    if (plan.launch > DAYS.dataEnd || (plan.discontinued !== undefined && plan.discontinued <= DAYS.dataEnd))
      continue;
    const perDay = recentUnits[plan.index] / STOCK_RATE_DAYS;
    const onHand = rng.chance(0.15) ? 0 : Math.round(perDay * rng.uniform(0, 45));
    const onOrder = rng.chance(1 / 3) ? Math.max(plan.moq, Math.round(perDay * 14)) : 0;
    rows.push(csvLine([plan.sku, isoDay(DAYS.dataEnd), onHand, onOrder]));
  }
  writeFileSync(join(out, FILE_NAMES.inventory), rows.join(''));
}

/**
 * Generates the retailer's data set, streaming day by day: memory stays bounded by one day of order
 * lines plus the returns still to come, whatever the scale. Deterministic: same options, same bytes.
 */
export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  if (!(options.scale > 0)) throw new Error(`--scale must be > 0, got ${options.scale}`);
  if (!Number.isInteger(options.seed)) throw new Error(`--seed must be an integer, got ${options.seed}`);
  const root = new Rng(options.seed);
  const catalogRng = root.fork('catalog');
  const promotionRng = root.fork('promotions');
  const salesRng = root.fork('sales');
  const orderRng = root.fork('orders');
  const returnRng = root.fork('returns');
  const stockRng = root.fork('stock');
  // Forked last: the story's streams above stay what they were before the world knobs existed.
  const worldRng = root.fork('world');
  const world = worldOf(options.world);

  const skuCount = options.skus ?? skusForScale(options.scale);
  const catalog = buildCatalog(catalogRng, skuCount, world, worldRng);
  const promotions = planPromotions(promotionRng, catalog);
  const model = new DemandModel(catalog, promotions, 1, world.seasonStrength);
  calibrate(model, catalog, STORY.linesAtScale1 * options.scale);

  mkdirSync(join(options.out, 'truth'), { recursive: true });
  await writeMaster(options.out, catalog, promotions);

  const lines = new BufferedWriter(join(options.out, FILE_NAMES.sales_lines));
  const returns = new BufferedWriter(join(options.out, FILE_NAMES.returns));
  const truth = new BufferedWriter(join(options.out, 'truth', 'daily_truth.csv'));
  lines.push(csvLine(COLUMNS.sales_lines));
  returns.push(csvLine(COLUMNS.returns));
  truth.push(csvLine(['sku', 'date', 'quantity', 'expected', 'p10', 'p90']));

  const pending = new ReturnQueue();
  const summary: GenerateSummary = {
    seed: options.seed,
    scale: options.scale,
    skus: skuCount,
    orders: 0,
    lines: 0,
    units: 0,
    returns: 0,
    truthRows: 0,
    promotions: promotions.length,
    files: {},
  };
  const salesDay = new SalesDay(catalog, { sales: salesRng, orders: orderRng, returns: returnRng });
  const truthPlans = catalog.filter(
    (p) => p.launch <= DAYS.truthEnd && (p.discontinued === undefined || p.discontinued > DAYS.truthStart),
  );
  const totalDays = DAYS.truthEnd - DAYS.historyStart + 1;
  const recentUnits = new Float64Array(catalog.length);

  for (let day = DAYS.historyStart; day <= DAYS.truthEnd; day++) {
    model.startDay(day);
    const iso = isoDay(day);
    if (day >= DAYS.truthStart) {
      for (const plan of truthPlans) {
        const mean = model.expected(plan);
        const quantity = salesRng.negativeBinomial(mean, plan.dispersion);
        const p10 = negativeBinomialQuantile(mean, plan.dispersion, 0.1);
        const p90 = negativeBinomialQuantile(mean, plan.dispersion, 0.9);
        truth.push(`${plan.sku},${iso},${quantity},${mean.toFixed(4)},${p10},${p90}\n`);
        summary.truthRows++;
      }
    } else if (!isClosed(day)) {
      salesDay.draw(model, summary, (plan, units) => {
        if (day > DAYS.dataEnd - STOCK_RATE_DAYS) recentUnits[plan.index] += units;
      });
      salesDay.writeOrders(day, summary, lines, pending);
    }
    for (const row of pending.take(day))
      returns.push(`R${String(++summary.returns).padStart(9, '0')},${row}`);
    await Promise.all([lines.maybeFlush(), returns.maybeFlush(), truth.maybeFlush()]);
    options.onProgress?.(day - DAYS.historyStart + 1, totalDays, summary.lines);
  }
  await Promise.all([lines.close(), returns.close(), truth.close()]);
  writeStock(options.out, catalog, recentUnits, stockRng);

  for (const file of [...Object.values(FILE_NAMES), 'truth/daily_truth.csv'])
    summary.files[file] = statSync(join(options.out, file)).size;
  writeFileSync(
    join(options.out, 'manifest.json'),
    JSON.stringify(
      {
        generator: '@salescast/datagen',
        story: STORY,
        ...summary,
        ...(!isStoryWorld(world) && { world }),
      },
      null,
      2,
    ) + '\n',
  );
  return summary;
}
