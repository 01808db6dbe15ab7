import { dayNumber } from '@salescast/datagen';
import { Dataset } from '../dataset/load-dataset';
import { ForecastRow, TruthRow } from './evaluate-forecast';

/**
 * The actual units sold on each SKU-day a forecast covers, taken from a data set's own sales lines (a day
 * without a line sold 0): scores a forecast made with `--as-of` against what happened next. Days after the
 * data set's last sale are left out (not yet known), as are SKUs unknown to the data set.
 */
export function actualsFor(forecast: readonly ForecastRow[], dataset: Dataset): TruthRow[] {
  const truth: TruthRow[] = [];
  for (const f of forecast) {
    const day = dayNumber(f.date);
    if (!dataset.skus.has(f.sku) || !(day <= dataset.lastDay)) continue;
    truth.push({ sku: f.sku, date: f.date, quantity: dataset.daily.get(f.sku)?.units.get(day) ?? 0 });
  }
  return truth;
}

/**
 * A `previousActual` for evaluateForecast from a data set's own sales: the units a SKU sold in a month
 * ('YYYY-MM') or on a day ('YYYY-MM-DD'), 0 where it sold nothing. Undefined for SKUs the data set does not
 * know and for periods it does not wholly cover (a month running past its last day with sales, or before
 * its first), so a direction is never scored against a partly known period.
 */
export function previousActualsFrom(dataset: Dataset): (sku: string, period: string) => number | undefined {
  return (sku, period) => {
    if (!dataset.skus.has(sku)) return undefined;
    const monthly = period.length === 7;
    const first = dayNumber(monthly ? `${period}-01` : period);
    if (Number.isNaN(first)) return undefined;
    const last = monthly ? dayNumber(nextMonth(period)) - 1 : first;
    if (last > dataset.lastDay || first < dataset.firstDay) return undefined;
    const units = dataset.daily.get(sku)?.units;
    let total = 0;
    for (let day = first; day <= last; day++) total += units?.get(day) ?? 0;
    return total;
  };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
