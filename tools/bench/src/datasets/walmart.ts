import { join } from 'node:path';
import { BenchDataset, DatasetLoader, EvalTask } from './types';
import { groupBySeries, LongRow, readLongCsv } from './csv';
import { rollingOrigins, toDatedSeries } from './splits';
import { rollingTasks } from './rolling';

export const WALMART_SPLIT = { holdout: 26, horizon: 8, step: 2 };
export const WALMART_PERIOD = 52;

/**
 * Walmart weekly store sales, 45 stores × 143 weeks (2010-02-05 … 2012-10-26). SOURCE.md: no official
 * split; common practice is rolling origins over the final 26 weeks with h = 4–8 weeks. Here: origins
 * every 2 weeks over the final 26 weeks, h = 8 (10 origins per store).
 *
 * Seasonal period 52 with 143 weeks of history: the first origin leaves 117 weeks (2.25 seasons), so a
 * lag-52 seasonal naive, seasonal differencing and the MASE scale (seasonal naive MAE, m = 52, 65+
 * pairs) are all defined, but a model has at most two complete years to estimate 52 seasonal
 * effects. A year is 52.18 weeks: week-ending dates drift by one day a year, ignored at this length.
 *
 * The holiday flag is passed as a regressor (`holiday`, known in advance); temperature, fuel price,
 * CPI and unemployment are not, since their future values would not be known at the origin.
 */
export function walmartFromRows(rows: LongRow[], limit?: number): BenchDataset {
  const tasks: EvalTask[] = [];
  for (const [id, seriesRows] of [...groupBySeries(rows)].slice(0, limit)) {
    const series = toDatedSeries(id, seriesRows, 'weekly');
    const holiday = seriesRows.map((r) => Number(r.holiday_flag));
    if (holiday.some((h) => h !== 0 && h !== 1))
      throw new Error(`walmart ${id}: holiday_flag must be 0 or 1`);
    const storeTasks = rollingTasks(
      series,
      rollingOrigins(series.y.length, WALMART_SPLIT),
      WALMART_SPLIT.horizon,
      {
        context: (_train, origin) => ({
          seasonPeriod: WALMART_PERIOD,
          maxHorizon: WALMART_SPLIT.horizon,
          futureExog: { holiday: holiday.slice(origin, origin + WALMART_SPLIT.horizon) },
        }),
      },
    );
    for (const task of storeTasks) {
      task.series.exog = { holiday: holiday.slice(0, task.series.y.length) };
      tasks.push(task);
    }
  }
  return {
    name: 'walmart_stores_weekly',
    freq: 'weekly',
    seasonPeriod: WALMART_PERIOD,
    horizon: WALMART_SPLIT.horizon,
    split:
      'rolling origins every 2 weeks over the final 26 weeks, h = 8 weeks (10 origins × 45 stores); period 52 with 117–135 weeks of history per fit; holiday flag as a known regressor; MASE scaled by the in-sample seasonal naive (m = 52)',
    tasks,
    excluded: [],
    subsets: [],
    footnotes: [],
  };
}

export const loadWalmart: DatasetLoader = (root, options = {}) =>
  walmartFromRows(readLongCsv(join(root, 'walmart_stores_weekly', 'data.csv')), options.limit);
