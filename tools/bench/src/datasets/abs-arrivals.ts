import { join } from 'node:path';
import { BusinessEventRecord, eventsToContext, periodsBetween } from '@salescast/forecasting';
import { BenchDataset, DatasetLoader, EvalTask, SeriesSubset } from './types';
import { groupBySeries, LongRow, readLongCsv } from './csv';
import { toDatedSeries } from './splits';
import { eventsKnownAt, lastDayOf, originSubsets, rollingTasks } from './rolling';

/**
 * Australia's border closure as the business (here: the border) would declare it, every series.
 * Non-residents were barred from 9 pm on 20 March 2020; the border reopened to vaccinated visa holders
 * on 21 February 2022. The data agree (data.csv, A85375847A Short-term Visitors arriving): 685,410 in
 * 2020-02, 331,890 in 2020-03 (the closure took the last third of the month), 2,250 in 2020-04, at most
 * 36,770 a month up to 2021-11 (the New Zealand travel bubble of April–July 2021 included), 73,290 in
 * 2021-12 and 90,460 in 2022-02 (students and skilled visa holders admitted from 15 December 2021, the
 * border still closed to tourists), then 170,250 in 2022-03, the first whole month open, and 648,970 in
 * 2022-12 (2019-12: 1,077,720). On the monthly index the window is
 * 2020-03 … 2022-02: both end months are mostly closed, March 2022 on is the recovery the models must
 * forecast. The residents' series (A85232565F, A85232562X) recovered earlier, from 2021-11 when the
 * outbound travel ban ended; the event is still declared for all of them, because the declared fact is
 * the closure, not how much each flow fell.
 */
export const ABS_BORDER_CLOSURE: BusinessEventRecord = {
  kind: 'shutdown',
  startsOn: '2020-03-20',
  endsOn: '2022-02-20',
  scope: 'all',
  description: 'COVID-19 closure of the Australian border to non-residents',
};

/** The paper's series (Hyndman & Rostami-Tabar 2024): Short-term Visitors arriving. */
export const ABS_PAPER_SERIES = 'A85375847A';
export const ABS_HORIZON = 12;
/** The paper's expanding window starts here (240 months to the first origin). */
export const ABS_START = '2000-01-01';
/** Last training months of the paper's four origins: forecasts made at the end of 2019, 2020, 2021, 2022. */
export const ABS_ORIGINS = ['2019-12-01', '2020-12-01', '2021-12-01', '2022-12-01'];
/** MASE is scaled on pre-2020 history only, so the closure does not inflate the scale. */
export const ABS_SCALE_END = '2020-01-01';

/**
 * ABS 3401.0 Table 1, the 7 original series, each from 2000-01 with an expanding window (the paper's
 * setting), h = 12 from four origins: last training month 2019-12, 2020-12, 2021-12, 2022-12.
 * The file ends 2023-11, so the 2022-12 origin has 11 months of truth: the series is padded with one
 * missing month (2023-12) and that step is not scored (the metrics skip missing actuals); h stays 12 as
 * in the paper rather than cutting every origin to 11.
 * The closure is passed as the business knew it at each origin (eventsKnownAt): none at 2019-12;
 * 2020-03 … the origin at 2020-12 and 2021-12, i.e. the engine assumes the border reopens at the origin
 * (wrong by 14 months at 2020-12, by 2 months at 2021-12); the whole 2020-03 … 2022-02 at 2022-12.
 */
export function absArrivalsFromRows(rows: LongRow[], limit?: number): BenchDataset {
  const tasks: EvalTask[] = [];
  const excluded: BenchDataset['excluded'] = [];
  let used = 0;
  for (const [id, seriesRows] of groupBySeries(rows)) {
    if (limit !== undefined && used >= limit) break;
    const full = toDatedSeries(id, seriesRows, 'monthly');
    const from = periodsBetween(full.start, ABS_START, 'monthly');
    if (from < 0) {
      excluded.push({ seriesId: id, reason: `starts after ${ABS_START.slice(0, 7)}` });
      continue;
    }
    const y = full.y.slice(from);
    if (y.some((v) => !Number.isFinite(v))) {
      excluded.push({ seriesId: id, reason: 'missing months' });
      continue;
    }
    const series = { ...full, start: ABS_START, y };
    const index = (iso: string) => periodsBetween(series.start, iso, 'monthly');
    const origins = ABS_ORIGINS.map((o) => index(o) + 1);
    // Months after the file's end (not published yet) are missing actuals, left unscored.
    const needed = origins[origins.length - 1] + ABS_HORIZON;
    if (origins[origins.length - 1] > y.length) {
      excluded.push({
        seriesId: id,
        reason: `ends before ${ABS_ORIGINS[ABS_ORIGINS.length - 1].slice(0, 7)}`,
      });
      continue;
    }
    while (series.y.length < needed) series.y.push(NaN);
    used++;
    tasks.push(
      ...rollingTasks(series, origins, ABS_HORIZON, {
        context: (train) => ({
          seasonPeriod: 12,
          maxHorizon: ABS_HORIZON,
          ...eventsToContext({ ...train, id }, eventsKnownAt([ABS_BORDER_CLOSURE], lastDayOf(train))),
        }),
        scaleHistory: (train) => train.y.slice(0, periodsBetween(train.start, ABS_SCALE_END, 'monthly')),
      }),
    );
  }
  const subsets: SeriesSubset[] = [
    {
      name: 'paper',
      rule: 'the series of Hyndman & Rostami-Tabar (2024), Short-term Visitors arriving',
      seriesIds: tasks.some((t) => t.seriesId === ABS_PAPER_SERIES) ? [ABS_PAPER_SERIES] : [],
    },
    ...originSubsets(tasks, {
      '2019-12': 'before COVID, no event known (the forecast runs into the closure)',
      '2020-12':
        'closure known since 2020-03, its end not: the engine assumes reopening at the origin; the border stays shut all of 2021',
      '2021-12': 'closure known since 2020-03, reopening assumed at the origin; it came on 2022-02-21',
      '2022-12':
        'the whole closure 2020-03 … 2022-02 known, 10 months of recovery after it; 11 months of truth',
    }),
  ];
  return {
    name: 'abs_overseas_arrivals',
    freq: 'monthly',
    seasonPeriod: 12,
    horizon: ABS_HORIZON,
    split:
      "the paper's four origins, last training month 2019-12, 2020-12, 2021-12, 2022-12, h = 12 (the 2022-12 origin has 11 months of truth, to 2023-11; its 12th step is unscored), expanding window from 2000-01; border closure 2020-03 … 2022-02 as known at each origin: none at 2019-12, 2020-03 … 2020-12 at 2020-12 and 2020-03 … 2021-12 at 2021-12 (the engine then assumes the border reopens at the origin), the whole window at 2022-12 (R methods get the raw series); MASE scaled by the seasonal naive (m = 12) on 2000-01 … 2019-12",
    tasks,
    excluded,
    subsets,
    footnotes: [],
  };
}

export const loadAbsArrivals: DatasetLoader = (root, options = {}) =>
  absArrivalsFromRows(readLongCsv(join(root, 'abs_overseas_arrivals', 'data.csv')), options.limit);
