import { seededRandom, normalRandom } from '../../core/stats';
import { ModelFitError, Series } from '../../core/types';
import {
  arimaFitSummary,
  arimaModel,
  autoArimaModel,
  createArimaModel,
  createAutoArimaModel,
  sarimaModel,
} from './arima';
import { kpssStatistic, ndiffs, nsdiffs } from './order-selection';

/**
 * Box & Jenkins' airline passengers, monthly, Jan 1949 – Dec 1960 (R's `datasets::AirPassengers`,
 * public domain). For SARIMA(0,1,1)(0,1,1)12 on log data R's `arima()` reports
 * ma1 = −0.4018, sma1 = −0.5569, σ² = 0.001348, log-likelihood 244.7.
 */
const AIR_PASSENGERS = [
  112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170, 158,
  133, 114, 140, 145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166, 171, 180, 193, 181, 183, 218,
  230, 242, 209, 191, 172, 194, 196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201, 204, 188, 235,
  227, 234, 264, 302, 293, 259, 229, 203, 229, 242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278,
  284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306, 315, 301, 356, 348, 355, 422, 465, 467, 404,
  347, 305, 336, 340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337, 360, 342, 406, 396, 420, 472,
  548, 559, 463, 407, 362, 405, 417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432,
];
const logAir: Series = {
  id: 'AirPassengers',
  freq: 'monthly',
  start: '1949-01-01',
  y: AIR_PASSENGERS.map(Math.log),
};

function ar1(n: number, phi: number, level: number, seed: number): number[] {
  const z = normalRandom(seededRandom(seed));
  const y: number[] = [];
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = phi * x + z();
    y.push(level + x);
  }
  return y;
}

describe('sarima on AirPassengers (the airline model)', () => {
  const fitted = sarimaModel.fit(logAir, { seasonPeriod: 12 });
  const summary = arimaFitSummary(fitted.toJSON());

  it('estimates the coefficients R publishes for SARIMA(0,1,1)(0,1,1)12 on log data', () => {
    expect(summary.orders).toEqual({ p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, s: 12 });
    expect(summary.coefficients.ma[0]).toBeCloseTo(-0.4018, 3);
    expect(summary.coefficients.sma[0]).toBeCloseTo(-0.5569, 3);
    expect(summary.coefficients.sigma2).toBeCloseTo(0.001348, 5);
    expect(summary.coefficients.loglik).toBeCloseTo(244.7, 1);
  });

  it('forecasts Jan 1961 as R does (450.4 thousand) with intervals from the forecast variance', () => {
    const f = fitted.predict(12, [95]);
    expect(Math.exp(f.mean[0])).toBeCloseTo(450.4, 0);
    const halfWidth = (f.intervals[95].upper[0] - f.intervals[95].lower[0]) / 2;
    expect(halfWidth).toBeCloseTo(1.959964 * Math.sqrt(summary.coefficients.sigma2), 4);
    // Forecast uncertainty grows with the horizon.
    const width = (h: number) => f.intervals[95].upper[h] - f.intervals[95].lower[h];
    expect(width(11)).toBeGreaterThan(width(0) * 1.5);
  });

  it('refuses a fit whose likelihood failed (σ² not finite) instead of forecasting from it', () => {
    // A long daily series on which the package's optimiser ends with σ² = nan (found while timing).
    let state = 1;
    const rnd = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const week = [0.8, 0.9, 0.95, 1, 1.1, 1.4, 1.3];
    const y = Array.from({ length: 2400 }, (_, t) =>
      Math.max(0, 50 * week[t % 7] * (1 + 0.2 * Math.sin((2 * Math.PI * t) / 365)) + 10 * (rnd() - 0.5)),
    );
    const series: Series = { id: 'daily', freq: 'daily', start: '2018-01-01', y };
    expect(() => sarimaModel.fit(series, { seasonPeriod: 7 })).toThrow(/estimation failed/);
  });

  it('needs a season period', () => {
    expect(() => sarimaModel.fit(logAir, { seasonPeriod: 1 })).toThrow(ModelFitError);
  });
});

describe('arima (fixed orders)', () => {
  it('recovers the coefficient and mean of a simulated AR(1)', () => {
    const series: Series = { id: 'ar1', freq: 'daily', start: '2020-01-01', y: ar1(600, 0.7, 10, 3) };
    const fitted = createArimaModel({ order: [1, 0, 0] }).fit(series, { seasonPeriod: 7 });
    const { coefficients } = arimaFitSummary(fitted.toJSON());
    expect(coefficients.ar[0]).toBeGreaterThan(0.62);
    expect(coefficients.ar[0]).toBeLessThan(0.78);
    expect(coefficients.mean).toBeGreaterThan(9.5);
    expect(coefficients.mean).toBeLessThan(10.5);
    // A stationary AR(1) reverts to its mean.
    expect(fitted.predict(60).mean[59]).toBeCloseTo(coefficients.mean, 1);
  });

  it('throws ModelFitError for a series shorter than the package allows', () => {
    const series: Series = {
      id: 'short',
      freq: 'monthly',
      start: '2020-01-01',
      y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    };
    expect(() => arimaModel.fit(series, { seasonPeriod: 12 })).toThrow(ModelFitError);
    expect(() => arimaModel.fit(series, { seasonPeriod: 12 })).toThrow(/at least 11/);
    const seasonal: Series = { ...logAir, y: logAir.y.slice(0, 30) };
    expect(() => sarimaModel.fit(seasonal, { seasonPeriod: 12 })).toThrow(/needs at least 37 observations/);
  });

  it('does not learn a shutdown: the masked window is repaired before fitting', () => {
    const y = ar1(200, 0.5, 100, 5);
    for (let i = 150; i < 190; i++) y[i] = 0;
    const series: Series = { id: 'shut', freq: 'daily', start: '2020-01-01', y };
    const f = arimaModel.fit(series, {
      seasonPeriod: 7,
      disruptions: [{ kind: 'shutdown', window: { start: 150, end: 190 } }],
    });
    expect(Math.min(...f.predict(14).mean)).toBeGreaterThan(90);
  });
});

describe('auto_arima', () => {
  it('picks a seasonal, differenced model for log AirPassengers', () => {
    const fitted = autoArimaModel.fit(logAir, { seasonPeriod: 12 });
    const { orders } = arimaFitSummary(fitted.toJSON());
    expect(orders.s).toBe(12);
    expect(orders.d + orders.D).toBeGreaterThanOrEqual(1);
    expect(Math.exp(fitted.predict(1).mean[0])).toBeGreaterThan(420);
    expect(Math.exp(fitted.predict(1).mean[0])).toBeLessThan(480);
  });

  it('falls back to a non-seasonal search when the series holds fewer than two seasons', () => {
    const series: Series = { ...logAir, y: logAir.y.slice(0, 22) };
    const { orders } = arimaFitSummary(autoArimaModel.fit(series, { seasonPeriod: 12 }).toJSON());
    expect(orders.s).toBe(0);
  });
});

describe('auto_arima order selection (Hyndman–Khandakar)', () => {
  it('differences a random walk once and leaves white noise alone (KPSS)', () => {
    const z = normalRandom(seededRandom(9));
    const noise = Array.from({ length: 200 }, () => z());
    let level = 0;
    const walk = noise.map((e) => (level += e));
    expect(kpssStatistic(noise)).toBeLessThan(0.463);
    expect(ndiffs(noise)).toBe(0);
    expect(ndiffs(walk)).toBe(1);
  });

  it('takes a seasonal difference only for a strongly seasonal series (STL strength)', () => {
    expect(nsdiffs(logAir.y, 12)).toBe(1);
    const z = normalRandom(seededRandom(10));
    expect(
      nsdiffs(
        Array.from({ length: 120 }, () => 5 + z()),
        12,
      ),
    ).toBe(0);
  });

  it('keeps a drift on a trending random walk, so the forecast continues the trend', () => {
    const z = normalRandom(seededRandom(11));
    let level = 100;
    const y = Array.from({ length: 150 }, () => (level += 2 + z()));
    const series: Series = { id: 'trend', freq: 'monthly', start: '2000-01-01', y };
    const fitted = createAutoArimaModel({ search: 'stepwise' }).fit(series, {
      seasonPeriod: 1,
      maxHorizon: 12,
    });
    const json = fitted.toJSON() as { params: { drift: number } };
    expect(json.params.drift).toBeGreaterThan(1.5);
    expect(json.params.drift).toBeLessThan(2.5);
    const f = fitted.predict(12).mean;
    expect(f[11] - y[149]).toBeGreaterThan(15);
  });

  it('can run our stepwise search on a seasonal series and restore it past the cache', () => {
    const spec = createAutoArimaModel({ search: 'stepwise', maxOrder: [2, 1, 2] });
    const fitted = spec.fit(logAir, { seasonPeriod: 12 });
    const { orders } = arimaFitSummary(fitted.toJSON());
    expect(orders.s).toBe(12);
    expect(orders.D).toBe(1);
    const restored = spec.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(restored.predict(30).mean.slice(0, 24)).toEqual(
      fitted.predict(24).mean.map((v) => expect.closeTo(v, 10)),
    );
  });
});

describe('serialisation', () => {
  it('round-trips through JSON and forecasts identically, also past the cached horizon (re-fit)', () => {
    const fitted = sarimaModel.fit(logAir, { seasonPeriod: 12, maxHorizon: 6 });
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(json).toMatchObject({ model: 'sarima', schemaVersion: 1 });
    const restored = sarimaModel.fromJSON(json);
    expect(restored.predict(12)).toEqual(fitted.predict(12));
    const long = restored.predict(40, [80]);
    expect(long.mean).toHaveLength(40);
    expect(long.mean.slice(0, 12)).toEqual(fitted.predict(12).mean.map((v) => expect.closeTo(v, 12)));
  });

  it('rejects an unknown schema version', () => {
    const json = sarimaModel.fit(logAir, { seasonPeriod: 12 }).toJSON();
    expect(() => sarimaModel.fromJSON({ ...json, schemaVersion: 99 })).toThrow(/schemaVersion 99/);
  });
});
