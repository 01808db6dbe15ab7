import { ModelRegistry } from '../../core/registry';
import { FitContext, ModelFitError, Series } from '../../core/types';
import { mape } from '../../metrics';
import { AIR_PASSENGERS } from './air-passengers.fixture';
import { dampedHoltModel, etsModel, etsModels, holtModel, holtWintersAdditiveModel, sesModel } from './ets';
import { autoEts, etsCandidates, etsName, fitEts, rankEts } from './ets-core';

const series = (y: readonly number[]): Series => ({
  id: 's',
  freq: 'monthly',
  start: '2020-01-01',
  y: [...y],
});
const monthly: FitContext = { seasonPeriod: 12 };
const noise = (t: number) => Math.sin(t * 12.9898) * 0.5 + Math.cos(t * 4.1414) * 0.5; // deterministic "noise"

describe('ETS point forecasts', () => {
  it('SES on a constant series returns that constant', () => {
    const f = sesModel.fit(series(new Array(30).fill(42)), monthly).predict(5);
    f.mean.forEach((v) => expect(v).toBeCloseTo(42, 6));
  });

  it('Holt continues a straight line', () => {
    const y = Array.from({ length: 40 }, (_, t) => 10 + 2 * t + 0.1 * noise(t));
    const f = holtModel.fit(series(y), monthly).predict(3);
    f.mean.forEach((v, k) => expect(v).toBeCloseTo(10 + 2 * (40 + k), 0));
  });

  it('a damped trend flattens: each step adds less than the one before', () => {
    const y = Array.from({ length: 40 }, (_, t) => 100 + 3 * t + 2 * noise(t));
    const f = dampedHoltModel.fit(series(y), monthly).predict(300).mean;
    const steps = f.slice(1).map((v, i) => v - f[i]);
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeLessThan(steps[i - 1]);
    // φ ≤ 0.98: after 300 steps the forecast has (nearly) stopped growing
    expect(steps[steps.length - 1]).toBeLessThan(0.01 * steps[0]);
  });

  it('additive Holt-Winters recovers a known trend + season', () => {
    const truth = (t: number) => 50 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / 12);
    const y = Array.from({ length: 72 }, (_, t) => truth(t) + 0.3 * noise(t));
    const f = holtWintersAdditiveModel.fit(series(y), monthly).predict(12).mean;
    expect(
      mape(
        Array.from({ length: 12 }, (_, k) => truth(72 + k)),
        f,
      ),
    ).toBeLessThan(2);
  });

  it('automatic ETS picks a multiplicative season for AirPassengers and forecasts 1960 within 5 %', () => {
    const fit = autoEts(AIR_PASSENGERS.slice(0, 132), 12)!;
    expect(fit.components.season).toBe('M');
    const f = etsModel.fit(series(AIR_PASSENGERS.slice(0, 132)), monthly).predict(12).mean;
    expect(mape(AIR_PASSENGERS.slice(132), f)).toBeLessThan(5);
  });
});

describe('ETS intervals', () => {
  const y = Array.from(
    { length: 60 },
    (_, t) => 200 + t + 20 * Math.sin((2 * Math.PI * t) / 12) + 5 * noise(t),
  );

  it('additive-error intervals are nested and widen with the horizon', () => {
    const f = holtWintersAdditiveModel.fit(series(y), monthly).predict(24, [80, 95]);
    const w80 = f.intervals[80].upper.map((u, i) => u - f.intervals[80].lower[i]);
    const w95 = f.intervals[95].upper.map((u, i) => u - f.intervals[95].lower[i]);
    w80.forEach((w, i) => expect(w95[i]).toBeGreaterThan(w));
    expect(w80[23]).toBeGreaterThan(w80[0]);
  });

  it('multiplicative-error intervals are simulated reproducibly around the mean', () => {
    const spec = etsModels.find((s) => s.name === 'hw_multiplicative')!;
    const a = spec.fit(series(y), { seasonPeriod: 12, seed: 7 }).predict(12, [90]);
    const b = spec.fit(series(y), { seasonPeriod: 12, seed: 7 }).predict(12, [90]);
    expect(b).toEqual(a);
    a.mean.forEach((m, i) => {
      expect(a.intervals[90].lower[i]).toBeLessThan(m);
      expect(a.intervals[90].upper[i]).toBeGreaterThan(m);
    });
  });
});

describe('ETS model selection and contract', () => {
  it('offers multiplicative models only for positive data and seasonal ones only for m <= 24', () => {
    expect(etsCandidates([1, -1, 2], 1).every((c) => c.error === 'A')).toBe(true);
    expect(etsCandidates(new Array(200).fill(5), 52).every((c) => c.season === 'N')).toBe(true);
    expect(etsCandidates(new Array(48).fill(5), 12).some((c) => c.season === 'M')).toBe(true);
  });

  it('refuses data it cannot fit with ModelFitError', () => {
    expect(() => holtWintersAdditiveModel.fit(series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), monthly)).toThrow(
      ModelFitError,
    );
    expect(fitEts([1, 2, 0, 3, 4, 5, 6, 7], { error: 'M', trend: 'N', season: 'N' }, 1)).toBeNull();
  });

  it('fits on the repaired series: a shutdown does not drag the level down', () => {
    const y = Array.from({ length: 48 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12) + noise(t));
    const shut = y.map((v, t) => (t >= 40 && t < 44 ? 0 : v));
    const context = {
      seasonPeriod: 12,
      disruptions: [{ kind: 'shutdown' as const, window: { start: 40, end: 44 } }],
    };
    const clean = etsModel.fit(series(y), monthly).predict(6).mean;
    const masked = etsModel.fit(series(shut), context).predict(6).mean;
    expect(mape(clean, masked)).toBeLessThan(5);
  });

  it.each(etsModels.map((s) => [s.name, s] as const))('%s round-trips through JSON', (_, spec) => {
    const y = Array.from(
      { length: 48 },
      (_, t) => 100 + t + 10 * Math.sin((2 * Math.PI * t) / 12) + noise(t),
    );
    const fitted = spec.fit(series(y), monthly);
    const restored = new ModelRegistry(etsModels).fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(restored.predict(12, [80])).toEqual(fitted.predict(12, [80]));
  });
});

describe('auto-ETS refits at backtest origins (narrow)', () => {
  const full = etsModel.fit(series(AIR_PASSENGERS), monthly);
  const narrowed = etsModel.narrow!(full)!;

  it('chooses at a shorter history what the full search chooses there, among the forms that ranked best', () => {
    const y = AIR_PASSENGERS.slice(0, AIR_PASSENGERS.length - 12);
    const ranked = rankEts(AIR_PASSENGERS, etsCandidates(AIR_PASSENGERS, 12), 12).map((f) =>
      etsName(f.components),
    );
    const searched = etsModel.fit(series(y), monthly).toJSON();
    expect(ranked.slice(0, 5)).toContain(etsName((searched.params as { components: never }).components));
    expect(narrowed.fit(series(y), monthly).toJSON()).toEqual(searched);
  });

  it('offers nothing to narrow for a model restored from JSON, or fitted by another spec', () => {
    expect(etsModel.narrow!(etsModel.fromJSON(full.toJSON()))).toBeUndefined();
    expect(etsModel.narrow!(sesModel.fit(series(AIR_PASSENGERS), monthly))).toBeUndefined();
  });
});
