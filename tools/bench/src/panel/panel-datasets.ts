import { join } from 'node:path';
import { dayNumber, STORY } from '@salescast/datagen';
import { ensureGenerated, GeneratedPreset, splitStory } from '../datasets/generated';
import { originFromSales, PanelOrigin, panelTruth, readPanelDataset } from './origin';
import { PanelReport } from './report';
import { PanelRunOptions, runPanelOrigin } from './run-panel';

export const ONLINE_RETAIL = 'online_retail';
/**
 * The standard split of online_retail (its SOURCE.md): history up to 2011-09-30, forecast 2011-10-01 →
 * 2011-11-30 (61 days) for every SKU that sold in July–September. Rolling origins before it, each forecasting
 * the next two whole months (61 days) for the SKUs that sold in its last three months: 2011-07-31 (August–
 * September) and 2011-08-31 (September–October). The main origin is the last.
 */
export const ONLINE_RETAIL_ORIGINS = ['2011-07-31', '2011-08-31', '2011-09-30'] as const;
export const ONLINE_RETAIL_MAIN = '2011-09-30';
export const ONLINE_RETAIL_HORIZON = 61;
/** A SKU is forecast when it sold in the as-of month or the two before it (a quarter). */
export const ACTIVE_MONTHS = 3;

export interface OnlineRetailOptions extends PanelRunOptions {
  datasetsRoot: string;
  origins: readonly string[];
  top?: number;
}

/** `--dataset online_retail`: one table per origin (rolling origins, then the main one) and a summary. */
export async function runOnlineRetail(options: OnlineRetailOptions): Promise<PanelReport> {
  const dir = join(options.datasetsRoot, ONLINE_RETAIL);
  const { dataset, rejects } = await readPanelDataset(dir);
  const notes = [
    `Data: ${dir} (UCI Online Retail in salescast's format, see its SOURCE.md); read with the CLI's own reader: ${rejects.report()}.`,
    'Series: gross units ordered per SKU and day from sales_lines.csv (non-cancelled invoices with quantity > 0 and price > 0); cancellations (returns.csv, the C… invoices) are not netted, as `salescast forecast` does: they are a later, separate flow. Truth: the same gross units on each day after as-of (0 on days without a line).',
    `Top 20 %: SKUs ranked by revenue over the horizon (truth units × the master's median price), the same for every row.`,
  ];
  const tables: PanelReport['tables'] = [];
  for (const asOf of [...options.origins].sort()) {
    const origin = originFromSales(ONLINE_RETAIL, dataset, {
      asOf,
      horizon: ONLINE_RETAIL_HORIZON,
      activeMonths: ACTIVE_MONTHS,
      top: options.top,
      seed: options.seed,
    });
    const table = await runPanelOrigin(origin, options);
    tables.push({
      ...table,
      label: `${ONLINE_RETAIL} ${asOf === ONLINE_RETAIL_MAIN ? 'main origin' : 'rolling origin'} ${asOf}`,
    });
  }
  return { dataset: ONLINE_RETAIL, over: 'origin', tables, notes };
}

export interface GeneratedPanelOptions extends PanelRunOptions {
  seeds: readonly number[];
  scale: number;
  preset: GeneratedPreset;
  cacheRoot?: string;
}

/** One seed of the generated retailer as a panel origin: history to 2025-06-30, July–August as truth. */
export async function generatedOrigin(
  seed: number,
  options: Pick<GeneratedPanelOptions, 'scale' | 'preset' | 'cacheRoot' | 'seed' | 'progress'>,
): Promise<{ origin: PanelOrigin; note: string }> {
  const { dir, reused } = await ensureGenerated({
    seed,
    scale: options.scale,
    preset: options.preset,
    cacheRoot: options.cacheRoot,
    onProgress: options.progress?.(`generate ${seed}`),
  });
  const horizon = dayNumber(STORY.truthEnd) - dayNumber(STORY.dataEnd);
  const split = await splitStory(dir, { asOf: STORY.dataEnd, horizon, seed: options.seed });
  const name = `generated seed ${seed}`;
  return {
    origin: {
      ...panelTruth(split.dataset, split.selection, split.truth),
      dataset: `generated-${options.preset}-${options.scale}-seed${seed}`,
      asOf: STORY.dataEnd,
      horizon,
      selection: split.selection,
      oracle: split.oracle,
      rule: `every SKU on sale on ${STORY.truthStart} with a sale before (${split.selection.series.length}; ${split.selection.skipped.length} skipped)`,
    },
    note: `${name}: ${reused ? 'reused' : 'generated'} ${dir}`,
  };
}

/** `--dataset generated`: one table per seed and a summary with the worst seed. */
export async function runGeneratedPanel(options: GeneratedPanelOptions): Promise<PanelReport> {
  const tables: PanelReport['tables'] = [];
  const notes: string[] = [];
  for (const seed of options.seeds) {
    const { origin, note } = await generatedOrigin(seed, options);
    notes.push(note);
    const table = await runPanelOrigin(origin, options);
    tables.push({ ...table, label: `generated seed ${seed}` });
  }
  return { dataset: `generated (${options.preset}, scale ${options.scale})`, over: 'seed', tables, notes };
}
