import { dateAt, periodsBetween } from '../../core/calendar';
import { seededRandom } from '../../core/stats';
import { FitContext, ModelFitError, Series } from '../../core/types';
import { seasonalNaiveModel } from '../baselines';
import { YEARLY_MIN_HISTORY, yearlyRatioModel } from './yearly-ratio';

/** Daily demand with a yearly sinusoid (peak late August), a weekly pattern and noise, 2018 → 2025-06-30. */
const START = '2018-01-01';
const END = '2025-06-30';
const N = periodsBetween(START, END, 'daily') + 1;
const WEEKLY = [0.8, 1.1, 1.0, 1.0, 1.05, 1.2, 0.85]; // by getUTCDay()
const dayOfYear = (i: number) =>
  periodsBetween(
    dateAt({ start: START, freq: 'daily' }, i).slice(0, 4) + '-01-01',
    dateAt({ start: START, freq: 'daily' }, i),
    'daily',
  );
const truth = (i: number) =>
  (50 + 0.01 * i) *
  (1 + 0.3 * Math.sin((2 * Math.PI * (dayOfYear(i) - 150)) / 365.25)) *
  WEEKLY[new Date(Date.parse(START) + i * 86_400_000).getUTCDay()];

function makeSeries(noiseSeed = 1): Series {
  const rnd = seededRandom(noiseSeed);
  return {
    id: 'sku',
    freq: 'daily',
    start: START,
    y: Array.from({ length: N }, (_, i) => truth(i) * (0.9 + 0.2 * rnd())),
  };
}
const idx = (iso: string) => periodsBetween(START, iso, 'daily');
/** A shutdown mid-Nov 2024 → early Jan 2025, sales 0 inside. */
const shutdown = { start: idx('2024-11-15'), end: idx('2025-01-06') };
const context: FitContext = { seasonPeriod: 7, disruptions: [{ kind: 'shutdown', window: shutdown }] };
function withShutdown(s: Series): Series {
  return { ...s, y: s.y.map((v, i) => (i >= shutdown.start && i < shutdown.end ? 0 : v)) };
}
const H = 62; // July–August
const future = Array.from({ length: H }, (_, k) => truth(N + k));
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mae = (f: readonly number[]) => sum(f.map((v, k) => Math.abs(v - future[k]))) / H;

describe('yearly_ratio', () => {
  const series = withShutdown(makeSeries());

  it('recovers the July/June ratio and beats seasonal naive and the June level', () => {
    const f = yearlyRatioModel.fit(series, context).predict(H);
    const june = sum(series.y.slice(N - 30));
    const julyTrue = sum(future.slice(0, 31));
    const julyFc = sum(f.mean.slice(0, 31));
    const trueRatio = julyTrue / 31 / (june / 30);
    expect(trueRatio).toBeGreaterThan(1.1); // the shape is there to be found
    expect(Math.abs(julyFc / 31 / (june / 30) - trueRatio)).toBeLessThan(0.04);
    const level = series.y.slice(N - 28).reduce((a, b) => a + b, 0) / 28;
    const snaive = seasonalNaiveModel.fit(series, context).predict(H).mean;
    expect(mae(f.mean)).toBeLessThan(0.6 * mae(future.map(() => level)));
    expect(mae(f.mean)).toBeLessThan(0.6 * mae(snaive));
  });

  it('keeps the weekly pattern', () => {
    const f = yearlyRatioModel.fit(series, context).predict(14).mean;
    // step 1 is 2025-07-01, a Tuesday (getUTCDay 2): Friday (×1.2) is step 4, Sunday (×0.8) step 6
    expect(f[3] / f[5]).toBeGreaterThan(1.35);
    expect(f[3] / f[5]).toBeLessThan(1.65);
  });

  it('skips a year disrupted in the target window instead of learning the shutdown as season', () => {
    // a July–August shutdown in 2023, zeros in the data: with it declared the ratio is unchanged
    const closed = { start: idx('2023-07-01'), end: idx('2023-09-01') };
    const y = series.y.map((v, i) => (i >= closed.start && i < closed.end ? 0 : v));
    const declared: FitContext = {
      ...context,
      disruptions: [{ kind: 'shutdown', window: closed }, ...context.disruptions!],
    };
    const skipped = yearlyRatioModel.fit({ ...series, y }, declared).predict(H).mean;
    const clean = yearlyRatioModel.fit(series, context).predict(H).mean;
    expect(Math.abs(sum(skipped) / sum(clean) - 1)).toBeLessThan(0.03);
    // undeclared, the zeros would drag the ratio down: the check above can fail
    const naive = yearlyRatioModel.fit({ ...series, y }, context).predict(H).mean;
    expect(sum(naive) / sum(clean)).toBeLessThan(0.9);
    expect(
      (yearlyRatioModel.fit({ ...series, y }, declared).toJSON().params as { years: number }).years,
    ).toBe(5); // 2024, 2022, 2021, 2020 and 2019: 2023 skipped, the next older year counted
  });

  it('leaves promotion days out of the level and of past years', () => {
    // a 10-day sale with +80 % in mid-July every year, and one in the last June week
    const promos = [2018, 2019, 2020, 2021, 2022, 2023, 2024].map((yr) => ({
      start: idx(`${yr}-07-10`),
      end: idx(`${yr}-07-20`),
    }));
    promos.push({ start: N - 7, end: N });
    const inPromo = (i: number) => promos.some((w) => i >= w.start && i < w.end);
    const y = series.y.map((v, i) => (inPromo(i) ? 1.8 * v : v));
    const clean = sum(yearlyRatioModel.fit(series, context).predict(H).mean);
    const declared = sum(
      yearlyRatioModel.fit({ ...series, y }, { ...context, promotions: promos }).predict(H).mean,
    );
    const undeclared = sum(yearlyRatioModel.fit({ ...series, y }, context).predict(H).mean);
    expect(Math.abs(declared / clean - 1)).toBeLessThan(0.03);
    expect(Math.abs(undeclared / clean - 1)).toBeGreaterThan(0.06);
  });

  it('is relative: a level shift after the shutdown scales the forecast, not the ratio', () => {
    const shifted = { ...series, y: series.y.map((v, i) => (i >= shutdown.end ? 0.6 * v : v)) };
    const a = yearlyRatioModel.fit(series, context).predict(H).mean;
    const b = yearlyRatioModel.fit(shifted, context).predict(H).mean;
    b.forEach((v, k) => expect(v / a[k]).toBeCloseTo(0.6, 2));
  });

  it('shrinks an unsupported ratio toward 1 on sparse counts', () => {
    // ~0.3 units a day, no season: the raw ratio is noise, the forecast stays near the level
    const rnd = seededRandom(5);
    const y = Array.from({ length: N }, () => (rnd() < 0.3 ? 1 : 0));
    const f = yearlyRatioModel.fit({ ...series, y }, { seasonPeriod: 7 }).predict(H).mean;
    const level = sum(y.slice(N - 28)) / 28;
    expect(Math.abs(sum(f) / H / Math.max(level, 1e-9) - 1)).toBeLessThan(0.15);
  });

  it('round-trips through toJSON / fromJSON', () => {
    const fitted = yearlyRatioModel.fit(series, context);
    const restored = yearlyRatioModel.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(restored.predict(400)).toEqual(fitted.predict(400));
    expect(fitted.predict(H).intervals).toEqual({});
    expect(() => yearlyRatioModel.fromJSON({ model: 'yearly_ratio', schemaVersion: 9, params: {} })).toThrow(
      /schemaVersion/,
    );
  });

  it('reports too short a history through its capabilities and a ModelFitError, not a crash', () => {
    expect(yearlyRatioModel.capabilities.minHistory).toBe(YEARLY_MIN_HISTORY);
    expect(yearlyRatioModel.capabilities.minHistory).toBeGreaterThan(365);
    expect(yearlyRatioModel.capabilities.nativeIntervals).toBe(false);
    const short: Series = { ...series, y: series.y.slice(N - 300) };
    expect(() => yearlyRatioModel.fit(short, { seasonPeriod: 7 })).toThrow(ModelFitError);
    // long enough, but the only earlier year is disrupted
    const from = idx('2024-01-01');
    const twoYears: Series = { id: 's', freq: 'daily', start: '2024-01-01', y: series.y.slice(from) };
    // June → mid-September 2024 closed: the base (June) and the target (July–August) a year back are gone
    const all = { start: idx('2024-06-01') - from, end: idx('2024-09-15') - from };
    expect(() =>
      yearlyRatioModel.fit(twoYears, { seasonPeriod: 7, disruptions: [{ kind: 'shutdown', window: all }] }),
    ).toThrow(ModelFitError);
    // the end of the history is a shutdown: no recent level
    const open: Series = { ...series, y: series.y.slice(0, shutdown.start + 20) };
    const ctx: FitContext = {
      seasonPeriod: 7,
      disruptions: [{ kind: 'shutdown', window: { start: shutdown.start, end: shutdown.start + 20 } }],
    };
    expect(() => yearlyRatioModel.fit(open, ctx)).toThrow(/days are demand/);
    // not daily
    expect(() => yearlyRatioModel.fit({ ...series, freq: 'weekly' }, { seasonPeriod: 52 })).toThrow(
      ModelFitError,
    );
  });
});
