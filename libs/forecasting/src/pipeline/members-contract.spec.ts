import { FitContext, FittedModel, Forecast, ModelFitError, ModelSpec, Series } from '../core/types';
import { needsYearlySeason, withYearlySeason, YEARLY_SEASON_MODEL } from '../core/yearly-season';
import { GLOBAL_MIN_SERIES } from '../models/ml/global-model';
import { fitGlobalForecasts } from './global-pass';
import { loadEngine, memberModels } from './registry';

/**
 * The contract every registered member keeps (darts' test_local_forecasting_models, one test for all):
 * on each frequency the engine serves, a member either refuses politely (ModelFitError) or fits, forecasts
 * finite values of the right length that did not learn a shutdown as demand, gives ordered intervals when it
 * claims native ones, and restores from its JSON to the very same forecast. Every member must fit at least
 * one of these series, so a member that always refuses fails too. A new member is covered by registering it.
 */
const members: ModelSpec[] = memberModels();

const cases: { freq: Series['freq']; period: number; n: number }[] = [
  { freq: 'daily', period: 7, n: 420 },
  { freq: 'weekly', period: 52, n: 130 },
  { freq: 'monthly', period: 12, n: 60 },
  { freq: 'quarterly', period: 4, n: 28 },
];

const salesLike = (n: number, period: number) =>
  Array.from(
    { length: n },
    // a gentle rise over the series (0.4 a step; a tenth of that on the long daily one)
    (_, t) =>
      100 +
      (n > 200 ? 0.04 : 0.4) * t +
      15 * Math.sin((2 * Math.PI * t) / period) +
      4 * Math.sin(t * 12.9898),
  );

const fitted = new Map<string, string[]>();

/** The member's fit, or undefined after checking that it refused politely (a ModelFitError). */
function fitOrRefuse(spec: ModelSpec, series: Series, context: FitContext): FittedModel | undefined {
  try {
    return spec.fit(series, context);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFitError);
    return undefined;
  }
}

/** The model restored from its JSON (through the spec, as the registry does) forecasts exactly `f` again. */
function expectRoundTrip(spec: ModelSpec, model: FittedModel, f: Forecast, levels: number[]): void {
  const restored = spec.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
  expect(restored.predict(f.mean.length, levels)).toEqual(f);
  restored.free?.();
}

beforeAll(() => loadEngine());

describe.each(cases)('$freq series (period $period)', ({ freq, period, n }) => {
  const series: Series = { id: 'sku', freq, start: '2021-01-04', y: salesLike(n, period) };
  const shutdown = { start: n - 8, end: n - 5 };
  const context: FitContext = {
    seasonPeriod: period,
    disruptions: [{ kind: 'shutdown', window: shutdown }],
    seed: 3,
    maxHorizon: period + 2,
  };
  const shut: Series = {
    ...series,
    y: series.y.map((v, t) => (t >= shutdown.start && t < shutdown.end ? 0 : v)),
  };
  // The global model's forecasts come from its panel: SKUs of different sizes (0.5×, 0.6×, …), `shut` the sixth.
  beforeAll(() => {
    const panel = Array.from({ length: GLOBAL_MIN_SERIES }, (_, i) => ({
      series: { ...shut, id: `sku${i}`, y: shut.y.map((v) => v * (0.5 + 0.1 * i)) },
      context,
    }));
    const forecasts = fitGlobalForecasts(panel, { horizon: period + 2, seed: 3 }).forecasts[5];
    if (forecasts) context.globalForecasts = forecasts;
  });

  it.each(members.map((m) => [m.name, m] as const))(
    '%s fits (or refuses with ModelFitError), forecasts, and round-trips',
    (name, spec) => {
      const model = fitOrRefuse(spec, shut, context);
      if (!model) return;
      fitted.set(name, [...(fitted.get(name) ?? []), freq]);
      try {
        const f = model.predict(period + 2, [80, 95]);
        expect(f.mean).toHaveLength(period + 2);
        f.mean.forEach((m, k) => {
          expect(Number.isFinite(m)).toBe(true);
          // the shutdown zeros were repaired or masked, not learnt: forecasts stay in the series' range
          expect(m).toBeGreaterThan(40);
          expect(m).toBeLessThan(200);
          if (spec.capabilities.nativeIntervals) {
            expect(f.intervals[95].lower[k]).toBeLessThanOrEqual(f.intervals[80].lower[k]);
            expect(f.intervals[80].lower[k]).toBeLessThanOrEqual(m);
            expect(f.intervals[80].upper[k]).toBeGreaterThanOrEqual(m);
            expect(f.intervals[95].upper[k]).toBeGreaterThanOrEqual(f.intervals[80].upper[k]);
          }
        });
        expectRoundTrip(spec, model, f, [80, 95]);
      } finally {
        model.free?.();
      }
    },
  );
});

describe('every member', () => {
  it.each(members.map((m) => [m.name] as const))('%s fits at least one of the series above', (name) => {
    expect(fitted.get(name)?.length ?? 0).toBeGreaterThan(0);
  });

  it.each(members.map((m) => [m.name, m] as const))(
    '%s throws ModelFitError below its minHistory',
    (_, spec) => {
      const usable = Array.from({ length: spec.capabilities.minHistory - 1 }, (_, t) => 5 + t);
      const tiny: Series = { id: 'sku', freq: 'daily', start: '2021-01-01', y: [NaN, ...usable, NaN] };
      expect(() => spec.fit(tiny, { seasonPeriod: 7 })).toThrow(ModelFitError);
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

describe('every member the ensemble fits through the yearly index (daily, three years, a yearly season)', () => {
  const n = 3 * 365 + 30;
  // ±30 % over the year, a weekly pattern, a little noise, and a two-week shutdown half a year ago
  const y = Array.from(
    { length: n },
    (_, t) =>
      100 *
      (1 + 0.3 * Math.sin((2 * Math.PI * t) / 365.25)) *
      (1 + 0.1 * Math.sin((2 * Math.PI * t) / 7)) *
      (1 + 0.05 * Math.sin(t * 12.9898)),
  );
  const shutdown = { start: n - 180, end: n - 166 };
  const series: Series = {
    id: 'sku',
    freq: 'daily',
    start: '2022-01-01',
    y: y.map((v, t) => (t >= shutdown.start && t < shutdown.end ? 0 : v)),
  };
  const context: FitContext = {
    seasonPeriod: 7,
    disruptions: [{ kind: 'shutdown', window: shutdown }],
    seed: 3,
    maxHorizon: 62,
  };
  const wrapped = members.filter((m) => needsYearlySeason(m, series));

  it('wraps the local members and leaves those that model the year alone', () => {
    expect(wrapped.map((m) => m.name)).toEqual(expect.arrayContaining(['ets', 'theta', 'tsb']));
    expect(wrapped.map((m) => m.name)).not.toContain('seasonal_ratio');
  });

  it.each(wrapped.map((m) => [m.name, m] as const))(
    '%s fits on the adjusted history, forecasts in range, and round-trips',
    (_, member) => {
      const spec = withYearlySeason(member);
      const model = fitOrRefuse(spec, series, context);
      if (!model) return;
      try {
        expect(model.model).toBe(YEARLY_SEASON_MODEL);
        const f = model.predict(62, [80]);
        expect(f.mean).toHaveLength(62);
        f.mean.forEach((m) => {
          expect(Number.isFinite(m)).toBe(true);
          expect(m).toBeGreaterThan(30);
          expect(m).toBeLessThan(250);
        });
        expectRoundTrip(spec, model, f, [80]);
      } finally {
        model.free?.();
      }
    },
  );
});
