import { FitContext, ModelFitError, ModelSpec, Series } from '../../core/types';
import { stlfModel } from '../decomposition';
import { etsModels } from '../ets';
import { thetaModel } from '../theta';
import { baselineModels } from './naive';

/** The contract every statistical member of this package keeps, on each frequency the engine serves. */
const members: ModelSpec[] = [...baselineModels, ...etsModels, thetaModel, stlfModel];

const cases: { freq: Series['freq']; period: number; n: number }[] = [
  { freq: 'daily', period: 7, n: 120 },
  { freq: 'weekly', period: 52, n: 130 },
  { freq: 'monthly', period: 12, n: 60 },
  { freq: 'quarterly', period: 4, n: 28 },
];

const salesLike = (n: number, period: number) =>
  Array.from(
    { length: n },
    (_, t) => 100 + 0.4 * t + 15 * Math.sin((2 * Math.PI * t) / period) + 4 * Math.sin(t * 12.9898),
  );

describe.each(cases)('$freq series (period $period)', ({ freq, period, n }) => {
  const series: Series = { id: 'sku', freq, start: '2021-01-04', y: salesLike(n, period) };
  const shutdown = { start: n - 8, end: n - 5 };
  const context: FitContext = {
    seasonPeriod: period,
    disruptions: [{ kind: 'shutdown', window: shutdown }],
    seed: 3,
  };
  const shut: Series = {
    ...series,
    y: series.y.map((v, t) => (t >= shutdown.start && t < shutdown.end ? 0 : v)),
  };

  // R's ets does not take seasons longer than 24 either: those are stlf's job
  const applicable = members.filter((m) => !(period > 24 && m.name.startsWith('hw_')));
  it.each(applicable.map((m) => [m.name, m] as const))(
    '%s fits, forecasts with ordered intervals, and round-trips',
    (_, spec) => {
      const fitted = spec.fit(shut, context);
      const f = fitted.predict(period + 2, [80, 95]);
      expect(f.mean).toHaveLength(period + 2);
      f.mean.forEach((m, k) => {
        expect(Number.isFinite(m)).toBe(true);
        // the shutdown zeros were repaired, not learnt: forecasts stay in the series' range
        expect(m).toBeGreaterThan(40);
        expect(f.intervals[95].lower[k]).toBeLessThanOrEqual(f.intervals[80].lower[k]);
        expect(f.intervals[80].lower[k]).toBeLessThanOrEqual(m);
        expect(f.intervals[80].upper[k]).toBeGreaterThanOrEqual(m);
        expect(f.intervals[95].upper[k]).toBeGreaterThanOrEqual(f.intervals[80].upper[k]);
      });
      const restored = spec.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
      expect(restored.predict(period + 2, [80, 95])).toEqual(f);
    },
  );
});

describe('too little data', () => {
  it.each(members.map((m) => [m.name, m] as const))(
    '%s throws ModelFitError below its minHistory',
    (_, spec) => {
      const usable = Array.from({ length: spec.capabilities.minHistory - 1 }, (_, t) => 5 + t);
      const tiny: Series = { id: 'sku', freq: 'monthly', start: '2021-01-01', y: [NaN, ...usable, NaN] };
      expect(() => spec.fit(tiny, { seasonPeriod: 12 })).toThrow(ModelFitError);
    },
  );

  it.each(members.map((m) => [m.name, m] as const))(
    '%s fails politely on a short seasonal series',
    (_, spec) => {
      const short: Series = { id: 'sku', freq: 'monthly', start: '2021-01-01', y: [3, 5, 4, 6, 5, 7, 6, 8] };
      try {
        const f = spec.fit(short, { seasonPeriod: 12 }).predict(3);
        expect(f.mean.every(Number.isFinite)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(ModelFitError);
      }
    },
  );
});
