import { join } from 'node:path';
import { addPeriods, BusinessEventRecord, eventsToContext, periodsBetween } from '@salescast/forecasting';
import { BenchDataset, DatasetLoader, EvalTask } from './types';
import { groupBySeries, LongRow, readLongCsv } from './csv';
import { DatedSeries } from './splits';
import { eventsKnownAt, lastDayOf, originSubsets, rollingTasks } from './rolling';

const lockdown = (startsOn: string, endsOn: string, n: number): BusinessEventRecord => ({
  kind: 'shutdown',
  startsOn,
  endsOn,
  scope: 'all',
  description: `Melbourne COVID-19 lockdown ${n}`,
});

/**
 * Melbourne's six lockdowns (public record), dates inclusive (BusinessEventRecord.endsOn is the last
 * closed day), checked against the data: the mean over the kept sensors of each day's count / the same
 * weekday's 2019 mean (data.csv). Each lockdown ended at 11:59 pm on its last day, and the first open day
 * rises in the data: 2020-05-16 0.37 after 0.22–0.25 (a gradual rise: shops reopened only in June, the
 * public end date 2020-05-12 is kept); 2020-10-28 0.39 after 0.23; 2021-02-18 0.39 after 0.14;
 * 2021-06-11 0.34 after 0.16; 2021-07-28 0.28 after 0.18; 2021-10-22 0.34 after 0.22. Starts moved by
 * the data:
 *  - lockdown 1 is on record from 2020-03-31 (stay-at-home), but the city had emptied a week earlier,
 *    when the Stage 1 closures (pubs, clubs, gyms, cinemas) began at noon on 2020-03-23: 0.39 on 03-23,
 *    0.20 on 03-25, 0.19 on 03-31. It starts 2020-03-23 (the slide from 0.9 to 0.5 on 03-17 … 03-22 is
 *    left as data: working from home, not a closure);
 *  - lockdown 6 began at 8 pm on 2021-08-05, which was a normal day (0.37, like the days before); the
 *    drop is on 08-06 (0.16), so it starts 2021-08-06.
 * The other four starts drop on the day on record (2020-07-09 0.22 after 0.34; 2021-02-13 0.15 after
 * 0.48; 2021-05-28 0.14 after 0.37; 2021-07-16 0.16 after 0.47).
 */
export const MELBOURNE_LOCKDOWNS: BusinessEventRecord[] = [
  lockdown('2020-03-23', '2020-05-12', 1),
  lockdown('2020-07-09', '2020-10-27', 2),
  lockdown('2021-02-13', '2021-02-17', 3),
  lockdown('2021-05-28', '2021-06-10', 4),
  lockdown('2021-07-16', '2021-07-27', 5),
  lockdown('2021-08-06', '2021-10-21', 6),
];

export const MELBOURNE_HORIZON = 28;
/** The file's calendar: every sensor is laid on it, days without a row or a full count are NaN. */
export const MELBOURNE_FIRST_DAY = '2019-01-01';
export const MELBOURNE_LAST_DAY = '2021-12-31';
/**
 * Last training days: one after each reopening that leaves 28 days before the next lockdown (after
 * lockdowns 1, 2, 3 and 6; lockdowns 4 and 5 are 35 days apart), in normal trading:
 * 2020-05-31 (19 days after the first reopening; June 2020), 2020-11-30 (a month after the longest one;
 * December with Christmas), 2021-03-31 (April with Easter), 2021-11-30 (after the last one; December).
 * No horizon contains a lockdown, so nothing is declared that the business could not know at the origin.
 */
export const MELBOURNE_ORIGINS = ['2020-05-31', '2020-11-30', '2021-03-31', '2021-11-30'];
/** MASE scale: the seasonal naive (m = 7) on 2019, before any disruption. */
export const MELBOURNE_SCALE_END = '2020-01-01';
/** A sensor is used when it has a full-day count on at least this share of the file's days. */
export const MELBOURNE_MIN_COVERAGE = 0.9;

/** A sensor's rows laid on the file's calendar (NaN where a day has no row or no full count). */
export function sensorSeries(id: string, rows: LongRow[]): DatedSeries {
  const days = periodsBetween(MELBOURNE_FIRST_DAY, MELBOURNE_LAST_DAY, 'daily') + 1;
  const y = new Array<number>(days).fill(NaN);
  const seen = new Set<number>();
  for (const r of rows) {
    const i = periodsBetween(MELBOURNE_FIRST_DAY, r.date, 'daily');
    if (i < 0 || i >= days) throw new Error(`sensor ${id}: row dated ${r.date} outside the file's calendar`);
    if (seen.has(i)) throw new Error(`sensor ${id}: two rows dated ${r.date}`);
    seen.add(i);
    y[i] = r.value;
  }
  return { id, freq: 'daily', start: MELBOURNE_FIRST_DAY, y };
}

/**
 * City of Melbourne pedestrian counts, daily per sensor, season 7. Sensors with a count on at least 90 %
 * of the 1,096 days (15 of 66 in the shipped file); missing days stay NaN in the history (the engine skips
 * or repairs them; R and the statsforecast peer get them filled, see references/fill.ts) and are not
 * scored in the horizon. Four origins after reopenings, h = 28, expanding window from 2019-01-01; each
 * fit gets the lockdowns that started by its origin (all had ended by then).
 */
export function melbourneFromRows(rows: LongRow[], limit?: number): BenchDataset {
  const tasks: EvalTask[] = [];
  const excluded: BenchDataset['excluded'] = [];
  let used = 0;
  for (const [id, sensorRows] of groupBySeries(rows)) {
    if (limit !== undefined && used >= limit) break;
    const series = sensorSeries(id, sensorRows);
    const coverage = series.y.filter(Number.isFinite).length / series.y.length;
    if (coverage < MELBOURNE_MIN_COVERAGE) {
      excluded.push({
        seriesId: id,
        reason: `full-day counts on ${(coverage * 100).toFixed(1)} % of days`,
      });
      continue;
    }
    used++;
    const origins = MELBOURNE_ORIGINS.map((o) => periodsBetween(series.start, o, 'daily') + 1);
    tasks.push(
      ...rollingTasks(series, origins, MELBOURNE_HORIZON, {
        context: (train) => ({
          seasonPeriod: 7,
          maxHorizon: MELBOURNE_HORIZON,
          ...eventsToContext({ ...train, id }, eventsKnownAt(MELBOURNE_LOCKDOWNS, lastDayOf(train))),
        }),
        scaleHistory: (train) => train.y.slice(0, periodsBetween(train.start, MELBOURNE_SCALE_END, 'daily')),
      }),
    );
  }
  return {
    name: 'melbourne_pedestrians_daily',
    freq: 'daily',
    seasonPeriod: 7,
    horizon: MELBOURNE_HORIZON,
    split: `sensors with a full-day count on >= ${MELBOURNE_MIN_COVERAGE * 100} % of days; four origins after reopenings, last training day ${MELBOURNE_ORIGINS.join(', ')}, h = 28 days (no lockdown in any horizon), expanding window from 2019-01-01, missing days NaN (unscored in the horizon); the lockdowns started by the origin as shutdowns (${MELBOURNE_LOCKDOWNS.map((e) => `${e.startsOn} … ${e.endsOn}`).join(', ')}); MASE scaled by the seasonal naive (m = 7) on 2019`,
    tasks,
    excluded,
    subsets: originSubsets(tasks, {
      '2020-05-31': 'lockdown 1 known, 19 days after the first reopening (June 2020)',
      '2020-11-30': 'lockdowns 1–2 known, a month after the longest one ended (December, Christmas)',
      '2021-03-31': 'lockdowns 1–3 known, six weeks after the short February one (April, Easter)',
      '2021-11-30': 'all six lockdowns known, 40 days after the last one (December)',
    }),
    footnotes: [],
  };
}

/** Does a 28-day horizon after `lastTrainingDay` overlap a lockdown? (The origins are chosen so it never does.) */
export function horizonHasLockdown(lastTrainingDay: string): boolean {
  const first = addPeriods(lastTrainingDay, 'daily', 1);
  const last = addPeriods(lastTrainingDay, 'daily', MELBOURNE_HORIZON);
  return MELBOURNE_LOCKDOWNS.some((e) => e.startsOn <= last && (e.endsOn ?? last) >= first);
}

export const loadMelbourne: DatasetLoader = (root, options = {}) =>
  melbourneFromRows(readLongCsv(join(root, 'melbourne_pedestrians_daily', 'data.csv')), options.limit);
