import { createEnsembleSpec } from '../ensemble';
import { etsModel } from '../models/ets';
import { thetaModel } from '../models/theta';
import { defaultRegistry } from '../pipeline/registry';
import { periodsBetween } from './calendar';
import { windowMask } from './events';
import {
  estimatePromotionLift,
  needsPromotionLift,
  panelPromotionPrior,
  promotionEvidence,
  PROMOTION_LIFT_MODEL,
  PROMOTION_PRIOR_MIN_SKUS,
  unwrapPromotionLift,
  withPromotionLift,
} from './promotions';
import { seededRandom } from './stats';
import { FitContext, IndexWindow, ModelSpec, Series } from './types';

/**
 * Daily unit sales 2021-01-01 → 2025-06-30: weekly pattern, slow growth, Poisson noise; every year a calendar
 * peak (×2.5 on four late-November days) that is *also* promoted every year, plus a dozen ordinary promotions
 * at scattered dates with a true lift of 1.6; and two promotions planned in July 2025.
 */
const START = '2021-01-01';
const N = periodsBetween(START, '2025-06-30', 'daily') + 1;
const idx = (iso: string) => periodsBetween(START, iso, 'daily');
const WEEKLY = [0.8, 1.1, 1.0, 1.0, 1.05, 1.2, 0.85];
const LIFT = 1.6;
const PEAK = 2.5;

const peaks: IndexWindow[] = ['2021', '2022', '2023', '2024'].map((y) => ({
  start: idx(`${y}-11-25`),
  end: idx(`${y}-11-29`),
}));
const ordinary: IndexWindow[] = [
  '2021-03-10',
  '2021-09-02',
  '2022-02-14',
  '2022-05-20',
  '2022-08-08',
  '2023-01-23',
  '2023-04-11',
  '2023-07-03',
  '2023-10-16',
  '2024-03-04',
  '2024-06-17',
  '2025-04-07',
].map((d) => ({ start: idx(d), end: idx(d) + 7 }));
const planned: IndexWindow[] = [
  { start: N + 9, end: N + 16 },
  { start: N + 40, end: N + 44 },
];

const base = (i: number) =>
  (20 + 0.004 * i) * WEEKLY[i % 7] * (peaks.some((w) => i >= w.start && i < w.end) ? PEAK : 1);
const expected = (i: number, promos: IndexWindow[]) =>
  base(i) * (promos.some((w) => i >= w.start && i < w.end && !peaks.includes(w)) ? LIFT : 1);

function poisson(rnd: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rnd(); p > limit; p *= rnd()) k++;
  return k;
}

function makeSeries(seed: number): Series {
  const rnd = seededRandom(seed);
  return {
    id: 'sku',
    freq: 'daily',
    start: START,
    y: Array.from({ length: N }, (_, i) => poisson(rnd, expected(i, ordinary))),
  };
}

const history = [...peaks, ...ordinary];
const context: FitContext = { seasonPeriod: 7, promotions: [...history, ...planned], maxHorizon: 62 };

describe('estimatePromotionLift', () => {
  it('measures the lift of ordinary promotions, not the calendar peak that is promoted every year', () => {
    for (const seed of [1, 2, 3]) {
      const est = estimatePromotionLift(makeSeries(seed).y, 'daily', context);
      expect(est.baseline).toBe('year-earlier');
      expect(est.lift).toBeGreaterThan(LIFT - 0.15);
      expect(est.lift).toBeLessThan(LIFT + 0.15);
    }
  });

  it('would take the peak for promotion lift without the year-earlier baseline (why it exists)', () => {
    // The first year's promoted peak alone: no year-earlier twin, so the weeks before are the baseline,
    // and the calendar peak (×2.5, no promotion effect at all) is read as lift.
    const y = makeSeries(1).y.slice(0, idx('2021-12-31'));
    const est = estimatePromotionLift(y, 'daily', { promotions: [peaks[0]] });
    expect(est.baseline).toBe('weeks-before');
    expect(est.raw).toBeGreaterThan(2.1);
  });

  it('says "no effect" without promotions, and shrinks thin evidence toward 1', () => {
    const y = makeSeries(4).y;
    expect(estimatePromotionLift(y, 'daily', {})).toMatchObject({ lift: 1, windows: 0, baseline: 'none' });
    // A series selling ~0.2 units a day: one week of promotion is a handful of units.
    const rnd = seededRandom(9);
    const sparse = y.map(() => poisson(rnd, 0.2));
    const one = [{ start: idx('2024-03-04'), end: idx('2024-03-11') }];
    sparse.fill(5, one[0].start, one[0].end); // 35 units where ~1.4 were expected
    const est = estimatePromotionLift(sparse, 'daily', { promotions: one });
    expect(est.raw).toBeGreaterThan(10);
    expect(est.lift).toBeLessThan(est.raw / 2);
    // A week that sold nothing where ~1.4 units were expected: a hint, not "demand is zero on promotion".
    const nothing = sparse.map((v, i) => (i >= one[0].start && i < one[0].end ? 0 : v));
    const quiet = estimatePromotionLift(nothing, 'daily', { promotions: one });
    expect(quiet.raw).toBe(0);
    expect(quiet.lift).toBeGreaterThan(0.7);
    expect(quiet.lift).toBeLessThan(1);
  });

  it('leaves disrupted days out of the evidence', () => {
    const y = makeSeries(5).y;
    const w = ordinary[8];
    const disrupted = y.map((v, i) => (i >= w.start && i < w.end ? 0 : v));
    const withShutdown = estimatePromotionLift(disrupted, 'daily', {
      promotions: history,
      disruptions: [{ kind: 'shutdown', window: w }],
    });
    const without = estimatePromotionLift(y, 'daily', { promotions: history });
    expect(withShutdown.windows).toBe(without.windows - 1);
    expect(Math.abs(withShutdown.lift - LIFT)).toBeLessThan(0.2);
  });

  it('skips a sale right after a reopening, whose level before is the shutdown', () => {
    // Closed for six weeks, reopened at a third of the old level, with a reopening sale (true lift 1.6).
    const y = makeSeries(7).y;
    const closed = { start: idx('2024-11-16'), end: idx('2025-01-06') };
    const sale = { start: closed.end, end: closed.end + 14 };
    const after = y.map((v, i) => (i < closed.start ? v : i < closed.end ? 0 : Math.round(v / 3)));
    const est = estimatePromotionLift(after, 'daily', {
      promotions: [...history, sale],
      disruptions: [{ kind: 'shutdown', window: closed }],
    });
    const before = estimatePromotionLift(after, 'daily', {
      promotions: history,
      disruptions: [{ kind: 'shutdown', window: closed }],
    });
    expect(est.windows).toBe(before.windows);
    expect(Math.abs(est.lift - LIFT)).toBeLessThan(0.15);
  });
});

/**
 * A shop of small SKUs (0.3–3 units a day, orders of 1–3 units) whose promotions all lift demand by about
 * LIFT (each SKU's own true lift within ±10 % of it), each SKU with two past promotion weeks: too few units for
 * a SKU alone to tell, plenty for the panel.
 */
function smallShop(skus: number, seed: number) {
  const rnd = seededRandom(seed);
  return Array.from({ length: skus }, (_, s) => {
    const level = 0.3 + 2.7 * rnd();
    const lift = LIFT * (0.9 + 0.2 * rnd());
    const promos = [ordinary[(2 * s) % 11], ordinary[(2 * s + 5) % 11]];
    // orders of 1–3 units: daily units are noisier than a Poisson count of the same mean
    const y = Array.from({ length: N }, (_, i) => {
      const rate = (level * WEEKLY[i % 7] * (promos.some((w) => i >= w.start && i < w.end) ? lift : 1)) / 2;
      let units = 0;
      for (let k = poisson(rnd, rate); k > 0; k--) units += 1 + Math.floor(3 * rnd());
      return units;
    });
    return { y, lift, context: { seasonPeriod: 7, promotions: promos } as FitContext };
  });
}

describe('panelPromotionPrior', () => {
  it("pools the SKUs' promotions into the shop's lift, which each SKU's thin evidence is shrunk toward", () => {
    for (const seed of [1, 2, 3]) {
      const shop = smallShop(40, seed);
      const prior = panelPromotionPrior(
        shop.map((k) => ({ y: k.y, freq: 'daily' as const, context: k.context })),
      );
      expect(prior).toBeDefined();
      expect(prior!.skus).toBe(40);
      expect(Math.exp(prior!.logLift)).toBeGreaterThan(LIFT - 0.2);
      expect(Math.exp(prior!.logLift)).toBeLessThan(LIFT + 0.2);
      // Each SKU's lift: alone (shrunk toward "no effect") and with the panel's prior; the truth is ~LIFT.
      const error = (withPrior: boolean) =>
        shop.reduce((sum, k) => {
          const ctx = withPrior ? { ...k.context, promotionPrior: prior } : k.context;
          return sum + Math.abs(Math.log(estimatePromotionLift(k.y, 'daily', ctx).lift / k.lift));
        }, 0) / shop.length;
      expect(error(true)).toBeLessThan(error(false) / 2);
    }
  });

  it('gives a SKU without usable promotions the panel lift, and 1 without a panel', () => {
    const shop = smallShop(10, 4);
    const prior = panelPromotionPrior(
      shop.map((k) => ({ y: k.y, freq: 'daily' as const, context: k.context })),
    )!;
    const y = shop[0].y;
    const planned = { seasonPeriod: 7, promotions: [{ start: N + 3, end: N + 10 }] };
    expect(estimatePromotionLift(y, 'daily', planned).lift).toBe(1);
    expect(estimatePromotionLift(y, 'daily', { ...planned, promotionPrior: prior }).lift).toBeCloseTo(
      Math.exp(prior.logLift),
      12,
    );
  });

  it(`needs ${PROMOTION_PRIOR_MIN_SKUS} SKUs with past promotions`, () => {
    const shop = smallShop(PROMOTION_PRIOR_MIN_SKUS, 5);
    const entries = shop.map((k) => ({ y: k.y, freq: 'daily' as const, context: k.context }));
    expect(panelPromotionPrior(entries)).toBeDefined();
    expect(panelPromotionPrior(entries.slice(1))).toBeUndefined();
    // SKUs without promotions do not count
    const plain = entries.map((e) => ({ ...e, context: { seasonPeriod: 7 } }));
    expect(panelPromotionPrior([...entries.slice(1), ...plain])).toBeUndefined();
  });

  it('weighs a SKU whose days are noisier than counts (multi-unit orders) as less certain', () => {
    // ~2 units a day with two past promotion weeks, in three shapes
    const two = [ordinary[3], ordinary[8]];
    const ctx: FitContext = { seasonPeriod: 7, promotions: two };
    const rnd = seededRandom(6);
    const counts = Array.from({ length: N }, (_, i) => poisson(rnd, 0.1 * expected(i, two)));
    // the same days in orders of 5 units: five times the units, no more information
    const bulky = counts.map((v) => 5 * v);
    // as many units in single-unit orders: five times the information
    const dense = counts.map((_, i) => poisson(rnd, 0.5 * expected(i, two)));
    const dispersion = (v: number[]) => promotionEvidence(v, 'daily', ctx).dispersion;
    expect(dispersion(counts)).toBeLessThan(1.6);
    expect(dispersion(bulky)).toBeGreaterThan(4);
    expect(dispersion(dense)).toBeLessThan(1.6);
    const prior = { ...ctx, promotionPrior: { logLift: 0, sd: 0.3, skus: 20 } };
    const lift = (v: number[]) => estimatePromotionLift(v, 'daily', prior);
    /** How far the prior pulled the lift toward 1 (log scale). */
    const pull = (v: number[]) => Math.log(lift(v).raw) - Math.log(lift(v).lift);
    expect(lift(bulky).lift).toBeCloseTo(lift(counts).lift, 2);
    expect(pull(dense)).toBeGreaterThan(0);
    // without the dispersion, the bulky days would count as five times the evidence: pulled as little as these
    expect(pull(dense)).toBeLessThan(0.75 * pull(bulky));
  });
});

describe('withPromotionLift', () => {
  const series = makeSeries(6);
  const future = Array.from({ length: 62 }, (_, k) => expected(N + k, planned));
  const mae = (f: number[], mask: boolean[], on: boolean) => {
    const errors = f.map((v, k) => Math.abs(v - future[k])).filter((_, k) => mask[k] === on);
    return errors.reduce((a, b) => a + b, 0) / errors.length;
  };
  const onPromo = windowMask(62, [
    { start: 9, end: 16 },
    { start: 40, end: 44 },
  ]);

  it('lifts the planned promotion days and forecasts the others from a history without promotions', () => {
    const wrapped = withPromotionLift(etsModel).fit(series, context).predict(62, [80]);
    const plain = etsModel.fit(series, context).predict(62, [80]);
    // On planned promotion days the wrapped forecast is near the truth, the plain one far below it.
    expect(mae(wrapped.mean, onPromo, true)).toBeLessThan(0.5 * mae(plain.mean, onPromo, true));
    // On other days it forecasts as well as the member does (within 5 % of the level).
    const level = future.reduce((a, b) => a + b, 0) / future.length;
    expect(mae(wrapped.mean, onPromo, false)).toBeLessThan(0.05 * level);
    const k = 10;
    expect(wrapped.mean[k] / wrapped.mean[k - 7]).toBeGreaterThan(LIFT - 0.2);
    expect(wrapped.intervals[80].upper[k]).toBeGreaterThan(wrapped.intervals[80].upper[k - 7]);
  });

  it('narrows through the lift: the member refits as narrowed, on the history without promotion days', () => {
    const lifted = withPromotionLift(etsModel);
    const full = lifted.fit(series, context);
    const narrowed = lifted.narrow!(full)!;
    const shorter = { ...series, y: series.y.slice(0, N - 62) };
    const refit = narrowed.fit(shorter, context).toJSON();
    expect(refit.model).toBe(PROMOTION_LIFT_MODEL);
    expect(unwrapPromotionLift(refit)).toEqual(unwrapPromotionLift(lifted.fit(shorter, context).toJSON()));
    expect(withPromotionLift(thetaModel).narrow).toBeUndefined();
  });

  it('round-trips through the registry and the ensemble restores it as a member', () => {
    const fitted = withPromotionLift(thetaModel).fit(series, context);
    const json = JSON.parse(JSON.stringify(fitted.toJSON()));
    expect(json.model).toBe(PROMOTION_LIFT_MODEL);
    expect(unwrapPromotionLift(json).model).toBe('theta');
    expect(defaultRegistry().fromJSON(json).predict(62).mean).toEqual(fitted.predict(62).mean);
  });

  it('is the member itself when no promotion is declared, and never wraps a member that reads promotions', () => {
    const plain: FitContext = { seasonPeriod: 7 };
    expect(withPromotionLift(etsModel).fit(series, plain).toJSON().model).toBe('ets');
    const reader: ModelSpec = {
      ...etsModel,
      capabilities: { ...etsModel.capabilities, usesPromotions: true },
    };
    expect(needsPromotionLift(reader, context)).toBe(false);
    expect(needsPromotionLift(etsModel, context)).toBe(true);
  });

  it('makes the ensemble forecast planned promotions, and backtests score it', () => {
    const registry = defaultRegistry();
    const spec = createEnsembleSpec({
      horizon: 62,
      members: [registry.get('ets'), registry.get('theta')],
      restoreMember: (j) => registry.fromJSON(j),
    });
    const { fitted } = spec.fitWithReport(series, context);
    const { fitted: blind } = spec.fitWithReport(series, { ...context, promotions: undefined });
    const f = fitted.predict(62, [80]).mean;
    const g = blind.predict(62, [80]).mean;
    expect(mae(f, onPromo, true)).toBeLessThan(0.5 * mae(g, onPromo, true));
    const restored = registry.fromJSON(JSON.parse(JSON.stringify(fitted.toJSON())));
    expect(restored.predict(62).mean).toEqual(fitted.predict(62).mean);
  });
});
