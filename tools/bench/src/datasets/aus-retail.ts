import { join } from 'node:path';
import { BenchDataset, DatasetLoader, EvalTask } from './types';
import { groupBySeries, LongRow, readLongCsv } from './csv';
import { rollingOrigins, toDatedSeries } from './splits';
import { rollingTasks } from './rolling';

export const AUS_RETAIL_SPLIT = { holdout: 24, horizon: 24, step: 24 };
/** Each fit sees at most the last 10 years before its origin (R's ets/auto.arima slow down with length). */
export const AUS_RETAIL_WINDOW = 120;
/** Months of history the first origin must leave: three seasons, so seasonal models and the MASE scale exist. */
export const AUS_RETAIL_MIN_HISTORY = 36;

/**
 * ABS retail turnover (tsibbledata::aus_retail), 152 monthly series to Dec 2018. SOURCE.md: no official
 * split. Here the last 24 months of each series are held out and forecast from one origin, h = 24 (for
 * the series that end in Dec 2018: fit to 2016-12, forecast 2017-01 … 2018-12), each fit on the 120
 * months before the origin. SOURCE.md suggests rolling origins every month with h = 1–2; on 2 shared
 * cores R's auto.arima/ets need 3–35 s per fit, and one origin (150 fits) is what fits the budget.
 * Series whose origin would leave fewer than 36 months of history are excluded and listed (the two
 * 32-month Tasmanian series).
 */
export function ausRetailFromRows(rows: LongRow[], limit?: number): BenchDataset {
  const tasks: EvalTask[] = [];
  const excluded: BenchDataset['excluded'] = [];
  let used = 0;
  for (const [id, seriesRows] of groupBySeries(rows)) {
    if (limit !== undefined && used >= limit) break;
    const series = toDatedSeries(id, seriesRows, 'monthly');
    if (series.y.length - AUS_RETAIL_SPLIT.holdout < AUS_RETAIL_MIN_HISTORY) {
      excluded.push({
        seriesId: id,
        reason: `${series.y.length} months: less than ${AUS_RETAIL_MIN_HISTORY} months of history before the 24 held out`,
      });
      continue;
    }
    used++;
    tasks.push(
      ...rollingTasks(series, rollingOrigins(series.y.length, AUS_RETAIL_SPLIT), AUS_RETAIL_SPLIT.horizon, {
        window: AUS_RETAIL_WINDOW,
        context: () => ({ seasonPeriod: 12, maxHorizon: AUS_RETAIL_SPLIT.horizon }),
      }),
    );
  }
  return {
    name: 'aus_retail',
    freq: 'monthly',
    seasonPeriod: 12,
    horizon: AUS_RETAIL_SPLIT.horizon,
    split:
      'last 24 months of each series held out, forecast from one origin (h = 24), each fitted on the 120 months before it; MASE scaled by the in-sample seasonal naive (m = 12) of each training window',
    tasks,
    excluded,
    subsets: [],
    footnotes: [],
  };
}

export const loadAusRetail: DatasetLoader = (root, options = {}) =>
  ausRetailFromRows(readLongCsv(join(root, 'aus_retail', 'data.csv')), options.limit);
