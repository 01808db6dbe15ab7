import { m3MonthlyFromRows, M3_HORIZON } from './m3-monthly';
import { ausRetailFromRows } from './aus-retail';
import { walmartFromRows, WALMART_PERIOD } from './walmart';
import { april2020Drop, mrtsFromRows, trimLeadingMissing } from './mrts';
import { absArrivalsFromRows, ABS_HORIZON, ABS_PAPER_SERIES } from './abs-arrivals';
import {
  horizonHasLockdown,
  melbourneFromRows,
  MELBOURNE_HORIZON,
  MELBOURNE_LOCKDOWNS,
  MELBOURNE_ORIGINS,
} from './melbourne';
import { eventsKnownAt, lastDayOf } from './rolling';
import { rowsOf } from './fixtures';
import { toDatedSeries } from './splits';

const ramp = (n: number, from = 100) => Array.from({ length: n }, (_, i) => from + i);

describe('m3_monthly loader', () => {
  const train = [
    ...rowsOf('N1', '1990-01-01', 'monthly', ramp(50)),
    ...rowsOf('N2', '0001-01-01', 'monthly', ramp(60, 500)),
  ];
  const test = [
    ...rowsOf('N1', '1994-03-01', 'monthly', ramp(18, 150)),
    ...rowsOf('N2', '0006-01-01', 'monthly', ramp(18, 560)),
  ];

  it('fits on the whole training file and scores the 18 test values (one origin per series)', () => {
    const d = m3MonthlyFromRows(train, test);
    expect(d.tasks.map((t) => [t.id, t.series.y.length, t.actual.length])).toEqual([
      ['N1', 50, M3_HORIZON],
      ['N2', 60, M3_HORIZON],
    ]);
    expect(d.tasks[0].actual[0]).toBe(150);
    expect(d.tasks[1].scaleHistory).toEqual(d.tasks[1].series.y);
    expect(d.tasks[0].context).toEqual({ seasonPeriod: 12, maxHorizon: 18 });
  });

  it('rejects a test part that does not continue the training part', () => {
    const shifted = test.map((r) =>
      r.series_id === 'N1' ? { ...r, date: r.date.replace('1994-03', '1994-04') } : r,
    );
    expect(() => m3MonthlyFromRows(train, shifted)).toThrow(/N1/);
    expect(() => m3MonthlyFromRows(train, test.slice(1))).toThrow(/expected 18 test values, found 17/);
  });

  it('takes the first series only with a limit', () => {
    expect(m3MonthlyFromRows(train, test, 1).tasks.map((t) => t.id)).toEqual(['N1']);
  });
});

describe('aus_retail loader', () => {
  const rows = [
    ...rowsOf('A1', '2010-01-01', 'monthly', ramp(108)),
    ...rowsOf('T1', '2010-11-01', 'monthly', ramp(32)),
  ];

  it('holds out the last 24 months, forecast from one origin, fitting on at most 120 months', () => {
    const d = ausRetailFromRows(rows);
    expect(d.tasks.map((t) => t.id)).toEqual(['A1@2016-12']);
    expect(d.tasks[0].series.y).toEqual(ramp(84));
    expect(d.tasks[0].actual).toEqual(ramp(24, 184));
    expect(d.excluded).toEqual([{ seriesId: 'T1', reason: expect.stringContaining('32 months') }]);
  });

  it('fits a long series on its last 120 months only', () => {
    const t = ausRetailFromRows(rowsOf('L1', '1982-04-01', 'monthly', ramp(441))).tasks[0];
    expect(t.series.y).toEqual(ramp(120, 100 + 441 - 24 - 120));
    expect(t.series.start).toBe('2007-01-01');
  });
});

describe('walmart loader', () => {
  const store = (id: string) =>
    rowsOf(id, '2010-02-05', 'weekly', ramp(143), {}).map((r, i) => ({
      ...r,
      holiday_flag: i % 10 === 0 ? '1' : '0',
    }));

  it('rolls 10 origins over the last 26 weeks with h = 8 and period 52', () => {
    const d = walmartFromRows([...store('store_01'), ...store('store_02')]);
    expect(d.tasks).toHaveLength(20);
    expect(d.tasks[0].series.y).toHaveLength(117);
    expect(d.tasks[9].series.y).toHaveLength(135);
    expect(d.tasks[0].context.seasonPeriod).toBe(WALMART_PERIOD);
    expect(d.tasks[0].id).toBe('store_01@2012-04-27');
  });

  it('passes the holiday flag as a regressor aligned with history and horizon', () => {
    const t = walmartFromRows(store('store_01')).tasks[0];
    expect(t.series.exog!.holiday).toHaveLength(117);
    expect(t.series.exog!.holiday[110]).toBe(1);
    expect(t.context.futureExog!.holiday).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
  });
});

describe('us_census_mrts loader', () => {
  // 1992-01 … 2022-08 (368 months): flat 100 with a seasonal bump in December; the closed series falls
  // to 10 in April 2020, the open one does not.
  const level = (i: number) => (i % 12 === 11 ? 150 : 100);
  const closed = ramp(368).map((_, i) => (i === 339 ? 10 : level(i)));
  const open = ramp(368).map((_, i) => level(i));
  const rows = [
    ...rowsOf('NSA_448', '1992-01-01', 'monthly', closed, { adjustment: 'NSA' }),
    ...rowsOf('NSA_4541', '1992-01-01', 'monthly', open, { adjustment: 'NSA' }),
    ...rowsOf('SA_448', '1992-01-01', 'monthly', open, { adjustment: 'SA' }),
    ...rowsOf(
      'NSA_gappy',
      '1992-01-01',
      'monthly',
      open.map((v, i) => (i === 300 ? NaN : v)),
      { adjustment: 'NSA' },
    ),
  ];
  const d = mrtsFromRows(rows);

  it('uses NSA series only, excludes gapped ones, and forecasts h = 2 from two origins after the shutdown, 2020-05 and 2020-11', () => {
    expect([...new Set(d.tasks.map((t) => t.seriesId))]).toEqual(['NSA_448', 'NSA_4541']);
    expect(d.excluded.map((e) => e.seriesId)).toEqual(['NSA_gappy']);
    expect(d.tasks.filter((t) => t.seriesId === 'NSA_448').map((t) => t.id)).toEqual(
      ['2020-05', '2020-11'].map((m) => `NSA_448@${m}`),
    );
  });

  it('fits on the 120 months before each origin, masks March–May 2020 and scales MASE on pre-2020 months', () => {
    const t = d.tasks[0];
    // Origin after 2020-05 (index 341 from 1992-01): the window starts 120 months earlier, in 2010-06.
    expect(t.series.start).toBe('2010-06-01');
    expect(t.series.y).toHaveLength(120);
    // 2020-03 … 2020-05 are window indices 117 … 119.
    expect(t.context.disruptions).toEqual([{ kind: 'shutdown', window: { start: 117, end: 120 } }]);
    expect(t.scaleHistory).toEqual(t.series.y.slice(0, 115));
    expect(t.actual).toEqual([closed[341], closed[342]]);
  });

  it('picks the shut-down series by the April 2020 drop against its counterfactual', () => {
    expect(d.subsets).toEqual([expect.objectContaining({ name: 'shut-down', seriesIds: ['NSA_448'] })]);
    const series = toDatedSeries('x', rowsOf('x', '1992-01-01', 'monthly', closed), 'monthly');
    expect(april2020Drop(series)).toBeCloseTo(0.9, 10);
  });

  it('trims months published late but not gaps inside a series', () => {
    const late = toDatedSeries('x', rowsOf('x', '1992-01-01', 'monthly', [NaN, NaN, 5, 6]), 'monthly');
    expect(trimLeadingMissing(late)).toEqual({ id: 'x', freq: 'monthly', start: '1992-03-01', y: [5, 6] });
    const gap = toDatedSeries('x', rowsOf('x', '1992-01-01', 'monthly', [5, NaN, 6]), 'monthly');
    expect(trimLeadingMissing(gap)).toBeUndefined();
  });
});

describe('abs_overseas_arrivals loader', () => {
  // 1976-01 … 2023-11 (575 months), like the file: 100 a month, 1 during the closure 2020-03 … 2022-02.
  const n = 575;
  const closedAt = (i: number) => i >= 530 && i <= 553; // 2020-03 is index 530 from 1976-01
  const values = ramp(n).map((_, i) => (closedAt(i) ? 1 : 100 + (i % 12)));
  const rows = [
    ...rowsOf(ABS_PAPER_SERIES, '1976-01-01', 'monthly', values),
    ...rowsOf('A85232561W', '1976-01-01', 'monthly', values),
    ...rowsOf('LATE', '2005-01-01', 'monthly', values.slice(348)),
  ];
  const d = absArrivalsFromRows(rows);
  const paper = d.tasks.filter((t) => t.seriesId === ABS_PAPER_SERIES);

  it("forecasts h = 12 from the paper's four origins with an expanding window from 2000-01", () => {
    expect(paper.map((t) => t.id)).toEqual(
      ['2019-12', '2020-12', '2021-12', '2022-12'].map((m) => `${ABS_PAPER_SERIES}@${m}`),
    );
    expect(paper.map((t) => [t.series.start, t.series.y.length])).toEqual([
      ['2000-01-01', 240],
      ['2000-01-01', 252],
      ['2000-01-01', 264],
      ['2000-01-01', 276],
    ]);
    expect(paper.every((t) => t.actual.length === ABS_HORIZON)).toBe(true);
    expect(d.excluded).toEqual([{ seriesId: 'LATE', reason: 'starts after 2000-01' }]);
    expect(d.subsets.map((s) => [s.name, s.seriesIds.length, s.origin])).toEqual([
      ['paper', 1, undefined],
      ['origin 2019-12', 2, '2019-12'],
      ['origin 2020-12', 2, '2020-12'],
      ['origin 2021-12', 2, '2021-12'],
      ['origin 2022-12', 2, '2022-12'],
    ]);
    expect(d.subsets[0].seriesIds).toEqual([ABS_PAPER_SERIES]);
  });

  it('leaves the 12th step of the 2022-12 origin unscored: the file ends 2023-11', () => {
    const last = paper[3].actual;
    expect(last.slice(0, 11)).toEqual(values.slice(564, 575));
    expect(last[11]).toBeNaN();
  });

  it('declares the closure only as known at each origin, never a future closure', () => {
    // 2020-03 is index 242 from 2000-01; 2022-02 is index 265.
    expect(paper.map((t) => t.context.disruptions)).toEqual([
      [],
      [{ kind: 'shutdown', window: { start: 242, end: 252 } }],
      [{ kind: 'shutdown', window: { start: 242, end: 264 } }],
      [{ kind: 'shutdown', window: { start: 242, end: 266 } }],
    ]);
    expect(paper.every((t) => t.context.closures!.length === 0)).toBe(true);
    expect(paper.every((t) => t.context.seasonPeriod === 12 && t.context.maxHorizon === 12)).toBe(true);
  });

  it('scales MASE on 2000-01 … 2019-12 only', () => {
    expect(paper.every((t) => t.scaleHistory.length === 240)).toBe(true);
    expect(paper[3].scaleHistory).toEqual(paper[0].series.y);
  });
});

describe('melbourne_pedestrians_daily loader', () => {
  // 2019-01-01 … 2021-12-31 (1,096 days); a weekly pattern; the gappy sensor misses every 5th day (876 of 1,096 days, 79.9 %).
  const days = 1096;
  const week = (i: number) => 1000 + (i % 7) * 100;
  const full = ramp(days).map((_, i) => week(i));
  const rows = [
    ...rowsOf('full', '2019-01-01', 'daily', full),
    ...rowsOf(
      'gappy',
      '2019-01-01',
      'daily',
      full.map((v, i) => (i % 5 === 0 ? NaN : v)),
    ),
    // A sensor with 5 % of days missing and no row for 2021-12-31: kept, laid on the calendar.
    ...rowsOf(
      'short',
      '2019-01-01',
      'daily',
      full.slice(0, days - 1).map((v, i) => (i % 20 === 3 ? NaN : v)),
    ),
  ];
  const d = melbourneFromRows(rows);

  it('keeps sensors with a count on >= 90 % of days and lists the others with their coverage', () => {
    expect([...new Set(d.tasks.map((t) => t.seriesId))]).toEqual(['full', 'short']);
    expect(d.excluded).toEqual([{ seriesId: 'gappy', reason: 'full-day counts on 79.9 % of days' }]);
  });

  it('forecasts 28 days from the four origins after reopenings, with an expanding window', () => {
    expect(d.tasks.filter((t) => t.seriesId === 'full').map((t) => t.id)).toEqual(
      MELBOURNE_ORIGINS.map((o) => `full@${o}`),
    );
    const t = d.tasks[0];
    expect(t.series.start).toBe('2019-01-01');
    expect(t.series.y).toHaveLength(517); // 2019-01-01 … 2020-05-31
    expect(t.actual).toEqual(full.slice(517, 517 + MELBOURNE_HORIZON));
    expect(t.context).toMatchObject({ seasonPeriod: 7, maxHorizon: 28, closures: [] });
    expect(t.scaleHistory).toEqual(full.slice(0, 365));
  });

  it('keeps missing days as NaN in history and truth', () => {
    const short = d.tasks.filter((t) => t.seriesId === 'short');
    expect(short[1].series.y[3]).toBeNaN();
    // Day 1083 (2021-12-19) is missing: step 19 of the 2021-11-30 origin (days 1065 … 1092).
    expect(short[3].actual[18]).toBeNaN();
    expect(short[3].actual.filter(Number.isNaN)).toHaveLength(1);
  });

  it('declares the lockdowns started by each origin, none in any horizon', () => {
    const perOrigin = d.tasks.filter((t) => t.seriesId === 'full').map((t) => t.context.disruptions!.length);
    expect(perOrigin).toEqual([1, 2, 3, 6]);
    // Lockdown 1: 2020-03-23 … 2020-05-12 is days 447 … 497 from 2019-01-01.
    expect(d.tasks[0].context.disruptions).toEqual([{ kind: 'shutdown', window: { start: 447, end: 498 } }]);
    expect(MELBOURNE_ORIGINS.filter(horizonHasLockdown)).toEqual([]);
    expect(horizonHasLockdown('2020-06-30')).toBe(true);
    expect(MELBOURNE_LOCKDOWNS).toHaveLength(6);
    expect(d.subsets.map((s) => s.origin)).toEqual(MELBOURNE_ORIGINS);
  });
});

describe('events known at an origin', () => {
  const shutdown = { kind: 'shutdown' as const, startsOn: '2020-03-20', endsOn: '2022-02-20', scope: 'all' };

  it('drops later events and cuts a running shutdown at the last day of history', () => {
    expect(eventsKnownAt([shutdown], '2019-12-31')).toEqual([]);
    expect(eventsKnownAt([shutdown], '2020-12-31')).toEqual([{ ...shutdown, endsOn: '2020-12-31' }]);
    expect(eventsKnownAt([shutdown], '2022-12-31')).toEqual([shutdown]);
  });

  it('finds the last day of a monthly or daily history', () => {
    expect(lastDayOf({ start: '2000-01-01', freq: 'monthly', y: [1, 2] })).toBe('2000-02-29');
    expect(lastDayOf({ start: '2019-01-01', freq: 'daily', y: [1, 2, 3] })).toBe('2019-01-03');
  });
});
