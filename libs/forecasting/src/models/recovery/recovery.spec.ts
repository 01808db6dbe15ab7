import { normalRandom, seededRandom } from '../../core/stats';
import { FitContext, ModelFitError, Series } from '../../core/types';
import { fitRecoveryCurve, fitRecoveryCurveWithPrior, recoveryRatio } from './curve';
import { recoveryFitSummary, recoveryModel } from './recovery';

const WEEK = [0.8, 0.9, 0.95, 1, 1.1, 1.4, 0.85];
const TRUE_CURVE = { r0: 0.3, rInf: 0.85, tau: 30 };

/**
 * Daily sales with a weekly pattern and slow growth, a 60-day shutdown (zeros) at day 1095, then a
 * recovery that follows TRUE_CURVE, with 5 % noise.
 */
function shutdownAndRecovery(seed: number, days = 1095 + 60 + 150) {
  const shutdown = { start: 1095, end: 1155 };
  const z = normalRandom(seededRandom(seed));
  const demand = (t: number) => (100 + 0.01 * t) * WEEK[t % 7];
  const truth = (t: number) =>
    t < shutdown.start
      ? demand(t)
      : t < shutdown.end
        ? 0
        : demand(t) * recoveryRatio(TRUE_CURVE, t - shutdown.end);
  const y = Array.from({ length: days }, (_, t) => truth(t) * (1 + 0.05 * z()));
  return { y, truth, shutdown };
}

describe('recovery curve fit', () => {
  it('recovers r0, r∞ and T from noise-free ratios', () => {
    const steps = Array.from({ length: 120 }, (_, i) => i);
    const fit = fitRecoveryCurve(
      steps,
      steps.map((s) => recoveryRatio(TRUE_CURVE, s)),
      240,
    );
    expect(fit.r0).toBeCloseTo(0.3, 4);
    expect(fit.rInf).toBeCloseTo(0.85, 4);
    expect(fit.tau).toBeCloseTo(30, 2);
  });

  it('stays inside its bounds with few, noisy points right after a reopening', () => {
    const fit = fitRecoveryCurve([0, 1, 2, 3, 4], [0.2, 0.9, 0.1, 0.8, 0.5], 10);
    expect(fit.r0).toBeGreaterThanOrEqual(0);
    expect(fit.rInf).toBeLessThanOrEqual(3);
    expect(fit.tau).toBeLessThanOrEqual(10);
    expect(fit.tau).toBeGreaterThan(0);
  });
});

describe('recovery curve fit with a prior', () => {
  const prior = { rInf: 1, rInfSd: 0.25, tau: 3, logTauSd: 1 };

  it('lets many observations override the prior', () => {
    const steps = Array.from({ length: 60 }, (_, i) => i);
    const fit = fitRecoveryCurveWithPrior(
      steps,
      steps.map((s) => recoveryRatio(TRUE_CURVE, s)),
      prior,
      0.01,
    );
    expect(fit.r0).toBeCloseTo(0.3, 2);
    expect(fit.rInf).toBeCloseTo(0.85, 2);
    expect(fit.tau).toBeGreaterThan(28);
    expect(fit.tau).toBeLessThan(32);
  });

  it('with a trough and one rebound point, passes through both and settles at the prior level', () => {
    const fit = fitRecoveryCurveWithPrior([0, 1], [0.2, 0.6], prior, 0.02);
    expect(recoveryRatio(fit, 0)).toBeCloseTo(0.2, 1);
    expect(recoveryRatio(fit, 1)).toBeCloseTo(0.6, 1);
    expect(fit.rInf).toBeGreaterThan(0.9);
    expect(fit.rInf).toBeLessThan(1.1);
  });
});

describe('recovery model', () => {
  const { y, truth, shutdown } = shutdownAndRecovery(1);
  const n = y.length;
  const series: Series = { id: 'sku', freq: 'daily', start: '2021-01-04', y };
  const context: FitContext = {
    seasonPeriod: 7,
    maxHorizon: 62,
    disruptions: [{ kind: 'shutdown', window: shutdown }],
  };
  const fitted = recoveryModel.fit(series, context);

  it('recovers the level the business settles at and how fast it gets there', () => {
    const { curve } = recoveryFitSummary(fitted.toJSON());
    expect(curve.rInf).toBeGreaterThan(0.8);
    expect(curve.rInf).toBeLessThan(0.9);
    expect(curve.tau).toBeGreaterThan(20);
    expect(curve.tau).toBeLessThan(40);
  });

  it('forecasts close to the truth 62 days ahead, with the weekly pattern', () => {
    const f = fitted.predict(62, [80]);
    const actual = Array.from({ length: 62 }, (_, h) => truth(n + h));
    const mape = f.mean.reduce((s, v, h) => s + Math.abs(v - actual[h]) / actual[h], 0) / 62;
    expect(mape).toBeLessThan(0.05);
    const covered = actual.filter(
      (a, h) => a >= f.intervals[80].lower[h] && a <= f.intervals[80].upper[h],
    ).length;
    expect(covered).toBeGreaterThan(62 * 0.6);
  });

  it('stays accurate 300 days after the reopening, once the curve has flattened', () => {
    // Series ends 300 days after reopening; the forecast covers the calendar weeks of the shutdown a year on.
    const long = shutdownAndRecovery(2, 1155 + 300);
    const s: Series = { id: 'sku', freq: 'daily', start: '2021-01-04', y: long.y };
    const f = recoveryModel
      .fit(s, { ...context, disruptions: [{ kind: 'shutdown', window: long.shutdown }] })
      .predict(62);
    const actual = Array.from({ length: 62 }, (_, h) => long.truth(long.y.length + h));
    expect(Math.min(...f.mean)).toBeGreaterThan(0.7 * Math.min(...actual));
    const mape = f.mean.reduce((acc, v, h) => acc + Math.abs(v - actual[h]) / actual[h], 0) / 62;
    expect(mape).toBeLessThan(0.05);
  });

  it('forecasts the calendar months of a past shutdown at their seasonal level (monthly data)', () => {
    const season = (t: number) => 1 + 0.4 * Math.sin((2 * Math.PI * t) / 12);
    const window = { start: 74, end: 77 }; // three months closed in year 7
    const curve = { r0: 0.5, rInf: 0.95, tau: 4 };
    const truth = (t: number) =>
      t < window.start
        ? 200 * season(t)
        : t < window.end
          ? 0
          : 200 * season(t) * recoveryRatio(curve, t - window.end);
    const z = normalRandom(seededRandom(3));
    const y = Array.from({ length: 96 }, (_, t) => truth(t) * (1 + 0.02 * z()));
    const monthly: Series = { id: 'm', freq: 'monthly', start: '2018-01-01', y };
    const f = recoveryModel
      .fit(monthly, { seasonPeriod: 12, disruptions: [{ kind: 'shutdown', window }] })
      .predict(12);
    // Steps whose calendar month was closed in the shutdown year: 96 + h ≡ 74..76 (mod 12).
    const closedMonths = f.mean.map((_, h) => h).filter((h) => [74, 75, 76].includes(96 + h - 24));
    expect(closedMonths).toHaveLength(3);
    for (const h of closedMonths) expect(f.mean[h] / truth(96 + h)).toBeGreaterThan(0.9);
    const mape = f.mean.reduce((acc, v, h) => acc + Math.abs(v - truth(96 + h)) / truth(96 + h), 0) / 12;
    expect(mape).toBeLessThan(0.06);
  });

  it('fits the counterfactual once for every origin after the shutdown, and never mixes up two series', () => {
    const params = (s: Series) =>
      recoveryModel.fit(s, context).toJSON().params as { counterfactual: unknown; n: number };
    const earlier = params({ ...series, y: y.slice(0, n - 61) });
    // another SKU in between: its own history before the shutdown, so its own counterfactual
    const other = params({ ...series, y: y.map((v) => 2 * v) });
    const later = params(series);
    expect(later.n).toBe(n);
    expect(later.counterfactual).toEqual(earlier.counterfactual);
    expect(other.counterfactual).not.toEqual(earlier.counterfactual);
    expect(fitted.toJSON().params).toEqual(recoveryModel.fit(series, context).toJSON().params);
  });

  it('round-trips through JSON', () => {
    const restored = recoveryModel.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(restored.predict(30)).toEqual(fitted.predict(30));
  });

  it('throws ModelFitError without a disruption or without any observation since the shutdown began', () => {
    expect(() => recoveryModel.fit(series, { seasonPeriod: 7 })).toThrow(/no disruption/);
    const blank = y.slice(0, shutdown.end).map((v, t) => (t >= shutdown.start ? NaN : v));
    expect(() => recoveryModel.fit({ ...series, y: blank }, context)).toThrow(ModelFitError);
  });

  it('fits from the reopening on once it has been observed, even with few days since it', () => {
    const justOpened = { ...series, y: y.slice(0, shutdown.end + 3) };
    const summary = recoveryFitSummary(recoveryModel.fit(justOpened, context).toJSON());
    expect(summary.trough).toBe(shutdown.end);
    expect(summary.postObservations).toBe(3);
    expect(summary.curve.r0).toBeGreaterThan(0.2);
    expect(summary.curve.r0).toBeLessThan(0.4);
  });
});

/**
 * A partial shutdown: trade falls to a trough 10 days into a 60-day window and recovers inside it along
 * CURVE (τ from the trough); the history ends where the declared window ends (the reopening origin).
 */
describe('recovery model at the reopening origin', () => {
  const CURVE = { r0: 0.2, rInf: 0.9, tau: 15 };
  const window = { start: 730, end: 790 };
  const trough = window.start + 10;
  const demand = (t: number) => (200 + 0.02 * t) * WEEK[t % 7];
  const ratio = (t: number) =>
    t < window.start
      ? 1
      : t < trough
        ? 1 - ((1 - CURVE.r0) * (t - window.start + 1)) / 11
        : recoveryRatio(CURVE, t - trough);
  const truth = (t: number) => demand(t) * ratio(t);
  const z = normalRandom(seededRandom(5));
  const y = Array.from({ length: window.end }, (_, t) => truth(t) * (1 + 0.03 * z()));
  const context: FitContext = { seasonPeriod: 7, disruptions: [{ kind: 'shutdown', window }] };
  const fitted = recoveryModel.fit({ id: 'p', freq: 'daily', start: '2021-01-04', y }, context);

  it("recovers the curve's parameters from the trough and the rebound inside the window", () => {
    const { curve, trough: fittedTrough } = recoveryFitSummary(fitted.toJSON());
    expect(Math.abs(fittedTrough - trough)).toBeLessThanOrEqual(1);
    expect(curve.rInf).toBeGreaterThan(0.85);
    expect(curve.rInf).toBeLessThan(0.95);
    expect(curve.tau).toBeGreaterThan(10);
    expect(curve.tau).toBeLessThan(22);
  });

  it('beats "still shut" (naive) and "back to normal" (the counterfactual) over the next 28 days', () => {
    const h = 28;
    const f = fitted.predict(h, [80]);
    const actual = Array.from({ length: h }, (_, k) => truth(window.end + k));
    const mae = (xs: number[]) => xs.reduce((s, v, k) => s + Math.abs(v - actual[k]), 0) / h;
    const naive = actual.map(() => y[y.length - 1]);
    const backToNormal = actual.map((_, k) => demand(window.end + k));
    expect(mae(f.mean)).toBeLessThan(0.5 * mae(naive));
    expect(mae(f.mean)).toBeLessThan(0.5 * mae(backToNormal));
  });

  it('on monthly data with one rebound month, lands between "still shut" and "back to normal" and beats both', () => {
    // 7 years of monthly sales, a 3-month window: trough in month 2, partial rebound in month 3; r∞ = 1, T = 2.
    const season = (t: number) => 1 + 0.3 * Math.sin((2 * Math.PI * t) / 12);
    const w = { start: 84, end: 87 };
    const curve = { r0: 0.3, rInf: 1, tau: 2 };
    const r = (t: number) =>
      t < w.start ? 1 : t === w.start ? 0.6 : recoveryRatio(curve, t - (w.start + 1));
    const demandM = (t: number) => 500 * (1 + 0.003 * t) * season(t);
    const zz = normalRandom(seededRandom(9));
    const ym = Array.from({ length: w.end }, (_, t) => demandM(t) * r(t) * (1 + 0.02 * zz()));
    const f = recoveryModel
      .fit(
        { id: 'm', freq: 'monthly', start: '2013-01-01', y: ym },
        {
          seasonPeriod: 12,
          disruptions: [{ kind: 'shutdown', window: w }],
        },
      )
      .predict(2);
    const actual = [0, 1].map((k) => demandM(w.end + k) * r(w.end + k));
    const err = (xs: number[]) => xs.reduce((s, v, k) => s + Math.abs(v - actual[k]) / actual[k], 0) / 2;
    const naive = [ym[w.end - 1], ym[w.end - 1]];
    const normal = [0, 1].map((k) => demandM(w.end + k));
    expect(err(f.mean)).toBeLessThan(err(naive));
    expect(err(f.mean)).toBeLessThan(err(normal));
    expect(err(f.mean)).toBeLessThan(0.08);
  });
});

describe('recovery model through a near-total closure (arrivals at a border shut for two years)', () => {
  // 10 years of monthly arrivals, then a closure at 0.3–6 % of the old level to the origin: a few hundred
  // a month against tens of thousands, each with its own counting noise.
  const season = (t: number) => 1 + 0.4 * Math.sin((2 * Math.PI * t) / 12);
  const window = { start: 120, end: 142 };
  const z = normalRandom(seededRandom(21));
  const y = Array.from({ length: window.end }, (_, t) => {
    const level = 60000 * (1 + 0.004 * t) * season(t);
    const share = t < window.start ? 1 : t < window.start + 2 ? 0.3 : 0.003 + 0.0025 * (t - window.start - 2);
    return Math.max(0, level * share * (1 + 0.15 * z()));
  });
  const fitted = recoveryModel.fit(
    { id: 'arrivals', freq: 'monthly', start: '2010-01-01', y },
    { seasonPeriod: 12, disruptions: [{ kind: 'shutdown', window }] },
  );

  it('keeps its relative noise finite when the curve passes near 0 (no band of a million times the level)', () => {
    const { residualSd } = recoveryFitSummary(fitted.toJSON());
    expect(residualSd).toBeLessThan(1);
    const f = fitted.predict(12, [80]);
    const old = 60000 * (1 + 0.004 * window.end) * 1.4; // the counterfactual's highest month, about
    f.intervals[80].upper.forEach((u) => expect(u).toBeLessThan(old));
  });
});
