import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { csvLine } from '@salescast/datagen';
import { monthlyForecasts } from './monthly';
import { ReorderLine } from './reorder';
import { ForecastRun } from './run-forecast';

function fixed(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? '' : value.toFixed(digits);
}

export const OUTPUT_FILES = {
  daily: 'forecasts.csv',
  monthly: 'forecasts_monthly.csv',
  aggregates: 'forecasts_categories.csv',
  reorder: 'reorder_plan.csv',
  report: 'report.html',
  rejects: 'rejects.csv',
} as const;

/**
 * Writes forecasts.csv (daily), forecasts_monthly.csv, forecasts_categories.csv (each category and the total, daily;
 * they add up to the SKUs') and reorder_plan.csv into `out`.
 */
export function writeForecastFiles(run: ForecastRun, reorder: ReorderLine[], out: string): void {
  const daily = [csvLine(['sku', 'date', 'mean', 'p10', 'p50', 'p90'])];
  const monthly = [csvLine(['sku', 'month', 'days', 'mean', 'p10', 'p90'])];
  for (const f of run.forecasts) {
    f.dates.forEach((date, i) =>
      daily.push(
        csvLine([f.input.sku.sku, date, fixed(f.mean[i]), fixed(f.p10[i]), fixed(f.p50[i]), fixed(f.p90[i])]),
      ),
    );
    for (const m of monthlyForecasts(f))
      monthly.push(csvLine([m.sku, m.month, m.days, fixed(m.mean), fixed(m.p10), fixed(m.p90)]));
  }
  writeFileSync(join(out, OUTPUT_FILES.daily), daily.join(''));
  const aggregates = [csvLine(['level', 'name', 'skus', 'date', 'mean', 'p10', 'p90'])];
  for (const a of run.aggregates)
    a.dates.forEach((date, i) =>
      aggregates.push(
        csvLine([a.level, a.name, a.skus, date, fixed(a.mean[i]), fixed(a.p10[i]), fixed(a.p90[i])]),
      ),
    );
  writeFileSync(join(out, OUTPUT_FILES.aggregates), aggregates.join(''));
  writeFileSync(join(out, OUTPUT_FILES.monthly), monthly.join(''));
  const plan = [
    csvLine([
      'sku',
      'name',
      'supplier',
      'lead_time_days',
      'review_days',
      'moq',
      'pack_size',
      'as_of',
      'on_hand',
      'on_order',
      'daily_demand',
      'protection_demand',
      'safety_stock',
      'reorder_point',
      'order_quantity',
      'order_by',
      'stockout_risk',
      'status',
    ]),
    ...reorder.map((r) =>
      csvLine([
        r.sku,
        r.name,
        r.supplier,
        r.leadTimeDays,
        r.reviewDays,
        r.moq,
        r.packSize,
        r.asOf,
        r.onHand,
        r.onOrder,
        fixed(r.dailyDemand),
        fixed(r.protectionDemand, 1),
        fixed(r.safetyStock, 1),
        fixed(r.reorderPoint, 1),
        r.orderQuantity,
        r.orderBy,
        fixed(r.stockoutRisk, 3),
        r.status,
      ]),
    ),
  ];
  writeFileSync(join(out, OUTPUT_FILES.reorder), plan.join(''));
}
