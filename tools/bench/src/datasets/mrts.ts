import { join } from 'node:path';
import { addPeriods, BusinessEventRecord, eventsToContext, periodsBetween } from '@salescast/forecasting';
import { BenchDataset, DatasetLoader, EvalTask, SeriesSubset } from './types';
import { groupBySeries, LongRow, readLongCsv } from './csv';
import { DatedSeries, toDatedSeries } from './splits';
import { rollingTasks } from './rolling';

/**
 * The spring 2020 shutdown as the retailer would declare it: March to May 2020, every series.
 * Why these months (data.csv, NSA): clothing stores (NSA_448) sold 19,208 in Feb 2020, 10,958 in March
 * (stay-at-home orders from mid-March), 2,761 in April, 8,696 in May (reopening under way) and 16,260 in
 * June; food services (NSA_722) show the same March–May trough. June is the first month of normal
 * trading again, so the window is 2020-03-01 … 2020-05-31. It is declared for all series because
 * a business knows it closed, not by how much each line fell; the models mask the window.
 */
export const MRTS_SHUTDOWN: BusinessEventRecord = {
  kind: 'shutdown',
  startsOn: '2020-03-01',
  endsOn: '2020-05-31',
  scope: 'all',
  description: 'COVID-19 spring 2020 shutdown (US stay-at-home orders)',
};

export const MRTS_HORIZON = 2;
/** Last training months of the rolling origins: after the shutdown, through the recovery (SOURCE.md use (b)). */
export const MRTS_FIRST_ORIGIN = '2020-05-01';
export const MRTS_LAST_ORIGIN = '2020-11-01';
/** Months between origins: two origins, right after the shutdown and six months into the recovery, keep R's auto.arima/ets within budget on 2 shared cores. */
export const MRTS_ORIGIN_STEP = 6;
/**
 * Each fit sees the last 10 years before its origin (from 2010-05 for the first): ample for monthly
 * seasonal models, and it keeps R's ets/auto.arima (which slow down with length) within budget.
 */
export const MRTS_WINDOW = 120;
/** MASE is scaled on pre-2020 history only, so the shock does not inflate the scale. */
export const MRTS_SCALE_END = '2020-01-01';
/** A series counts as shut down when April 2020 fell more than this fraction below its counterfactual. */
export const MRTS_SHUTDOWN_DROP = 0.3;

/**
 * April 2020 against what it would have been: April 2019 × the year-on-year growth of Jan–Feb 2020
 * over Jan–Feb 2019 (pre-shutdown). Returns the relative drop (0.88 = 88 % below).
 */
export function april2020Drop(series: DatedSeries): number {
  const at = (iso: string) => series.y[periodsBetween(series.start, iso, 'monthly')] ?? NaN;
  const growth = (at('2020-01-01') + at('2020-02-01')) / (at('2019-01-01') + at('2019-02-01'));
  return 1 - at('2020-04-01') / (at('2019-04-01') * growth);
}

/** Drops leading missing months (series published later than 1992); undefined if a gap remains. */
export function trimLeadingMissing(series: DatedSeries): DatedSeries | undefined {
  const first = series.y.findIndex((v) => Number.isFinite(v));
  if (first < 0) return undefined;
  const y = series.y.slice(first);
  if (y.some((v) => !Number.isFinite(v))) return undefined;
  return { ...series, start: addPeriods(series.start, series.freq, first), y };
}

/**
 * US Census MRTS, not seasonally adjusted series only (the SA series are adjusted by the Census with
 * the whole sample, i.e. with knowledge of the future). Two origins, with the last
 * training month 2020-05 (forecasting the reopening) and 2020-11 (the first holiday season after it), h = 2 months, each fitted on the 120 months
 * before its origin; the shutdown is in every fit's context.
 * Series with suppressed months after their first published value are excluded (listed).
 */
export function mrtsFromRows(rows: LongRow[], limit?: number): BenchDataset {
  const tasks: EvalTask[] = [];
  const excluded: BenchDataset['excluded'] = [];
  const shutDown: string[] = [];
  let used = 0;
  for (const [id, seriesRows] of groupBySeries(rows)) {
    if (seriesRows[0].adjustment !== 'NSA') continue;
    if (limit !== undefined && used >= limit) break;
    const series = trimLeadingMissing(toDatedSeries(id, seriesRows, 'monthly'));
    if (!series) {
      excluded.push({ seriesId: id, reason: 'suppressed (S)/(NA) months inside the series' });
      continue;
    }
    used++;
    if (april2020Drop(series) > MRTS_SHUTDOWN_DROP) shutDown.push(id);
    const index = (iso: string) => periodsBetween(series.start, iso, 'monthly');
    const origins: number[] = [];
    for (let o = index(MRTS_FIRST_ORIGIN) + 1; o <= index(MRTS_LAST_ORIGIN) + 1; o += MRTS_ORIGIN_STEP)
      origins.push(o);
    tasks.push(
      ...rollingTasks(series, origins, MRTS_HORIZON, {
        window: MRTS_WINDOW,
        context: (train) => ({
          seasonPeriod: 12,
          maxHorizon: MRTS_HORIZON,
          ...eventsToContext({ ...train, id }, [MRTS_SHUTDOWN]),
        }),
        scaleHistory: (train) => train.y.slice(0, periodsBetween(train.start, MRTS_SCALE_END, 'monthly')),
      }),
    );
  }
  const subsets: SeriesSubset[] = [
    {
      name: 'shut-down',
      rule: `April 2020 more than ${MRTS_SHUTDOWN_DROP * 100} % below April 2019 × (Jan–Feb 2020 / Jan–Feb 2019)`,
      seriesIds: shutDown,
    },
  ];
  return {
    name: 'us_census_mrts',
    freq: 'monthly',
    seasonPeriod: 12,
    horizon: MRTS_HORIZON,
    split:
      'NSA series; two origins after the shutdown, last training month 2020-05 and 2020-11, h = 2, each fitted on the 120 months before its origin; shutdown event 2020-03 … 2020-05 in every fit (R methods get the raw series); MASE scaled by the seasonal naive (m = 12) on pre-2020 history',
    tasks,
    excluded,
    subsets,
    footnotes: [],
  };
}

export const loadMrts: DatasetLoader = (root, options = {}) =>
  mrtsFromRows(readLongCsv(join(root, 'us_census_mrts', 'data.csv')), options.limit);
