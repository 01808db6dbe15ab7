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
