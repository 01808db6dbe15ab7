import { join } from 'node:path';
import { BenchDataset, DatasetLoader, EvalTask } from './types';
import { groupBySeries, LongRow, readLongCsv } from './csv';
import { toDatedSeries } from './splits';

export const M3_HORIZON = 18;

/**
 * M3 competition, monthly subset (1,428 series), official protocol (SOURCE.md; Makridakis & Hibon 2000):
 * fit on the whole of `train.csv`, forecast h = 18, score against the 18 values of `test.csv`.
 * One origin per series, no refitting inside the test window.
 */
export function m3MonthlyFromRows(train: LongRow[], test: LongRow[], limit?: number): BenchDataset {
  const testBySeries = groupBySeries(test);
  const tasks: EvalTask[] = [];
  for (const [id, rows] of groupBySeries(train)) {
    if (limit !== undefined && tasks.length >= limit) break;
    const history = toDatedSeries(id, rows, 'monthly');
    const future = testBySeries.get(id);
    if (!future || future.length !== M3_HORIZON)
      throw new Error(`M3 series ${id}: expected ${M3_HORIZON} test values, found ${future?.length ?? 0}`);
    const continued = toDatedSeries(id, [...rows, ...future], 'monthly');
    tasks.push({
      id,
      seriesId: id,
      series: { id, freq: 'monthly', start: history.start, y: history.y },
      context: { seasonPeriod: 12, maxHorizon: M3_HORIZON },
      actual: continued.y.slice(history.y.length),
      scaleHistory: history.y,
    });
  }
  return {
    name: 'm3_monthly',
    freq: 'monthly',
    seasonPeriod: 12,
    horizon: M3_HORIZON,
    split:
      'official M3 split: fit on train.csv (48–126 months), forecast h = 18, score on test.csv; one origin per series',
    tasks,
    excluded: [],
    subsets: [],
    footnotes: [
      'Published (Hyndman, "A forecast ensemble benchmark", 2018, same sMAPE/MASE definitions): ets 14.14 / 0.865, auto.arima 15.02 / 0.868, thetaf 13.86 / 0.864, mean of the three 13.53 / 0.828, snaive 17.23 / 1.146 (sMAPE / MASE).',
      "Published M3 figures (Makridakis & Hibon 2000, recomputed from the participants' forecasts): THETA 13.89, ForecastPro 13.90, NAIVE2 16.89 sMAPE.",
    ],
  };
}

export const loadM3Monthly: DatasetLoader = (root, options = {}) =>
  m3MonthlyFromRows(
    readLongCsv(join(root, 'm3_monthly', 'train.csv')),
    readLongCsv(join(root, 'm3_monthly', 'test.csv')),
    options.limit,
  );
