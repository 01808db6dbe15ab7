import { disruptionMask, windowMask } from './events';
import { assertHorizon, readModelJson, scaleForecast } from './model-support';
import { countDispersion } from './stats';
import {
  Capabilities,
  FitContext,
  FittedModel,
  Forecast,
  Frequency,
  IndexWindow,
  ModelSpec,
  PromotionPrior,
  SerializedModel,
  Series,
} from './types';

/**
 * Promotions as a multiplicative lift on a model that knows nothing of them.
 *
 * A retailer declares its promotions (business events), including the ones planned inside the horizon. A
 * statistical member fed the raw history learns promotion days as noise (or, in the last weeks, as level) and
 * forecasts a planned promotion as an ordinary day. `withPromotionLift(spec)` fits the member on the history
 * with promotion days taken out (set to missing, so that the member masks or repairs them like any missing
 * observation), measures the series' own promotion lift on its past promotions (estimatePromotionLift) and
 * multiplies the member's forecast by it on the steps a declared promotion covers. Members that read the
 * promotion windows themselves (`capabilities.usesPromotions`: the tree models' promotion feature) are not
 * wrapped.
 */

export const PROMOTION_LIFT_MODEL = 'promotion_lift';
const SCHEMA_VERSION = 1;

/** Observations one year apart, by frequency (364 days keeps the weekday); undefined: no yearly lag. */
export function yearLag(freq: Frequency): number | undefined {
  switch (freq) {
    case 'daily':
      return 364;
    case 'weekly':
      return 52;
    case 'monthly':
      return 12;
    case 'quarterly':
      return 4;
    default:
      return undefined;
  }
}

export interface PromotionLift {
  /** Multiplier of demand on a promotion day (1 = no evidence of any effect). */
  lift: number;
  /** The unshrunk ratio actual / expected on the promotion days used (NaN when none qualified). */
  raw: number;
  /** Promotion windows that contributed days. */
  windows: number;
  /** How the expected demand was built: the same days a year earlier (level-adjusted), or the weeks before. */
  baseline: 'year-earlier' | 'weeks-before' | 'none';
}

/** Days of clean demand the level before a window is measured on. */
const LEVEL_DAYS = 28;
/** Days on each side of a window's year-earlier twin that must be free of promotions. */
const TWIN_MARGIN = 7;
/** Prior sd of log-lift: a promotion doubling or halving demand is about 1.4 sd from no effect. */
const PRIOR_SD = 0.5;
/** Extra variance of a window's log-ratio beyond counting noise (level drift, overdispersion). */
const EXTRA_VARIANCE = 0.01;
const LIFT_RANGE: [number, number] = [0.5, 4];

/**
 * What a series' own past promotions say about its lift, before any shrinkage: the units sold on its usable
 * promotion days against the units expected there (see estimatePromotionLift for the baseline), and how noisy
 * its days are.
 */
export interface PromotionEvidence {
  /** Σ units sold on the promotion days used. */
  actual: number;
  /** Σ units expected on them without the promotion (the baseline, level-adjusted). */
  expected: number;
  /** Σ units of the baseline days themselves (their counting noise enters the variance). */
  baseCount: number;
  /** Promotion windows that contributed days. */
  windows: number;
  baseline: PromotionLift['baseline'];
  /**
   * How much noisier than Poisson counts the series' days are (at least 1; see countDispersion; 1 without
   * evidence): daily units are counts of orders times their sizes, and a shop's multi-unit orders make them noisier.
   */
  dispersion: number;
}

/**
 * The series' own evidence on its past promotion windows (no shrinkage; see estimatePromotionLift).
 *
 * Expected demand on a promotion day t is the same day a year earlier (t − yearLag, the same weekday),
 * scaled by how the level moved (mean demand of the 28 clean days before the window / the same 28 days a
 * year earlier). Measuring against the year before rather than the weeks around the window keeps calendar
 * peaks out of the lift: a Black-Friday sale is compared with last year's Black Friday, and when that one was
 * promoted too (a sale every year) the window says nothing about the promotion and is skipped. A day is used
 * only when it, its year-earlier twin and both level windows are observed and outside disruptions; a window is
 * skipped when a promotion lies within a week of its twin, or when its level would have to be read across a
 * disruption (a sale right after a reopening). When no window has a usable year-earlier twin (a young SKU), the weeks
 * before the window are the baseline (mean of its 28 clean days before it), calendar peaks and all.
 */
export function promotionEvidence(
  y: readonly number[],
  freq: Frequency,
  context: Pick<FitContext, 'disruptions' | 'promotions'>,
): PromotionEvidence {
  const n = y.length;
  const windows = (context.promotions ?? []).filter((w) => w.start < n && w.end > 0);
  const disrupted = disruptionMask(n, context.disruptions);
  const promo = windowMask(n, windows);
  /** Demand: inside the history, outside disruptions, a number of units. */
  const observed = (i: number) => i >= 0 && i < n && !disrupted[i] && Number.isFinite(y[i]) && y[i] >= 0;
  /** Regular demand: observed and not promoted. */
  const clean = (i: number) => observed(i) && !promo[i];
  // no evidence: nothing for the dispersion to weigh
  const none: PromotionEvidence = {
    actual: 0,
    expected: 0,
    baseCount: 0,
    windows: 0,
    baseline: 'none',
    dispersion: 1,
  };
  if (windows.length === 0) return none;
  // The level before a window: its LEVEL_DAYS clean days, looking back at most twice that far and never
  // across a disruption (after a shutdown, the level before it says nothing about the recovering trade).
  const level = (before: number): number => {
    let sum = 0;
    let count = 0;
    for (let i = before - 1; i >= before - 2 * LEVEL_DAYS && count < LEVEL_DAYS; i--) {
      if (i < 0 || disrupted[i]) break;
      if (clean(i)) {
        sum += y[i];
        count++;
      }
    }
    return count >= LEVEL_DAYS / 2 ? sum / count : NaN;
  };
  const promotedNear = (from: number, to: number) => {
    for (let i = Math.max(0, from); i < Math.min(n, to); i++) if (promo[i]) return true;
    return false;
  };

  const lag = yearLag(freq);
  const tally = (useYearEarlier: boolean) => {
    let actual = 0;
    let expected = 0;
    let baseCount = 0;
    let used = 0;
    for (const w of windows) {
      const start = Math.max(0, w.start);
      const end = Math.min(n, w.end);
      const now = level(start);
      if (!(now >= 0)) continue;
      let a = 0;
      let e = 0;
      let b = 0;
      if (useYearEarlier && lag !== undefined) {
        const then = level(start - lag);
        if (!(then > 0)) continue;
        // A sale every year (a Black Friday) moves by a weekday or a week against t − 364: skip the window
        // when a promotion lies anywhere near its year-earlier twin, not only on the very same days.
        if (promotedNear(start - lag - TWIN_MARGIN, end - lag + TWIN_MARGIN)) continue;
        for (let t = start; t < end; t++)
          if (observed(t) && clean(t - lag)) {
            a += y[t];
            b += y[t - lag];
            e += (y[t - lag] * now) / then;
          }
      } else
        for (let t = start; t < end; t++)
          if (observed(t)) {
            a += y[t];
            e += now;
            b += now;
          }
      if (e > 0) {
        actual += a;
        expected += e;
        baseCount += b;
        used++;
      }
    }
    return { actual, expected, baseCount, used };
  };
  let baseline: PromotionLift['baseline'] = 'year-earlier';
  let t = tally(true);
  if (t.used === 0) {
    baseline = 'weeks-before';
    t = tally(false);
  }
  if (t.used === 0 || !(t.expected > 0)) return none;
  return {
    actual: t.actual,
    expected: t.expected,
    baseCount: t.baseCount,
    windows: t.used,
    baseline,
    dispersion: countDispersion(y, clean),
  };
}

/** The log-ratio actual / expected of some evidence, and its sampling variance. */
function logRatioOf(e: PromotionEvidence): { logRatio: number; variance: number } {
  // Half a unit on each side: a window that sold nothing where a few units were expected is weak evidence of
  // a (much) lower demand, not of log 0.
  return {
    logRatio: Math.log((e.actual + 0.5) / (e.expected + 0.5)),
    variance: e.dispersion * (1 / Math.max(e.actual, 1) + 1 / Math.max(e.baseCount, 1)) + EXTRA_VARIANCE,
  };
}

/**
 * The series' promotion lift: Σ actual / Σ expected over the days of its past promotion windows
 * (promotionEvidence), shrunk on the log scale toward a normal prior. The prior is the panel's
 * (`context.promotionPrior`: the shop's SKUs' mean lift and their spread) when the panel set one, else "no
 * effect" (log-lift 0, sd PRIOR_SD). The evidence's variance is that of both sums' counts, times the series'
 * dispersion. A series with no usable window takes the prior's lift: 1 alone, the panel's mean in a panel.
 */
export function estimatePromotionLift(
  y: readonly number[],
  freq: Frequency,
  context: Pick<FitContext, 'disruptions' | 'promotions' | 'promotionPrior'>,
): PromotionLift {
  const prior = context.promotionPrior;
  const mean = prior?.logLift ?? 0;
  const sd = prior?.sd ?? PRIOR_SD;
  const clamp = (v: number) => Math.min(LIFT_RANGE[1], Math.max(LIFT_RANGE[0], v));
  const e = promotionEvidence(y, freq, context);
  if (e.windows === 0)
    return { lift: prior ? clamp(Math.exp(mean)) : 1, raw: NaN, windows: 0, baseline: 'none' };
  const { logRatio, variance } = logRatioOf(e);
  const shrink = sd ** 2 / (sd ** 2 + variance);
  return {
    lift: clamp(Math.exp(mean + shrink * (logRatio - mean))),
    raw: e.actual / e.expected,
    windows: e.windows,
    baseline: e.baseline,
  };
}

/** SKUs with evidence a panel's promotion prior needs. */
export const PROMOTION_PRIOR_MIN_SKUS = 5;
/** The smallest between-SKU sd a panel prior keeps: a SKU's own strong evidence may always move it a little. */
const PRIOR_SD_FLOOR = 0.05;

/**
 * The panel's promotion prior: the random-effects mean of its series' log-lifts and their between-series
 * spread (DerSimonian & Laird 1986: τ² from the excess of Cochran's Q over its expectation), each series'
 * evidence from promotionEvidence. Undefined when fewer than PROMOTION_PRIOR_MIN_SKUS series have any.
 * The sd is kept within [PRIOR_SD_FLOOR, PRIOR_SD].
 */
export function panelPromotionPrior(
  entries: ReadonlyArray<{ y: readonly number[]; freq: Frequency; context: FitContext }>,
): PromotionPrior | undefined {
  const studies = entries
    .map((e) => promotionEvidence(e.y, e.freq, e.context))
    .filter((e) => e.windows > 0)
    .map(logRatioOf);
  const k = studies.length;
  if (k < PROMOTION_PRIOR_MIN_SKUS) return undefined;
  const w = studies.map((s) => 1 / s.variance);
  const sw = w.reduce((a, v) => a + v, 0);
  const fixed = studies.reduce((a, s, i) => a + w[i] * s.logRatio, 0) / sw;
  const q = studies.reduce((a, s, i) => a + w[i] * (s.logRatio - fixed) ** 2, 0);
  const c = sw - w.reduce((a, v) => a + v * v, 0) / sw;
  const tau2 = c > 0 ? Math.max(0, (q - (k - 1)) / c) : 0;
  const wr = studies.map((s) => 1 / (s.variance + tau2));
  const logLift = studies.reduce((a, s, i) => a + wr[i] * s.logRatio, 0) / wr.reduce((a, v) => a + v, 0);
  return {
    logLift,
    sd: Math.min(PRIOR_SD, Math.max(PRIOR_SD_FLOOR, Math.sqrt(tau2))),
    skus: k,
  };
}

interface PromotionLiftParams {
  inner: SerializedModel;
  lift: number;
  /** Promotion windows relative to the forecast origin (step 0 = the first forecast step). */
  future: IndexWindow[];
  estimate: Omit<PromotionLift, 'lift'>;
}

class PromotionLiftFitted implements FittedModel {
  readonly model = PROMOTION_LIFT_MODEL;
  constructor(
    readonly inner: FittedModel,
    readonly params: Omit<PromotionLiftParams, 'inner'>,
  ) {}

  predict(horizon: number, levels?: number[]): Forecast {
    assertHorizon(PROMOTION_LIFT_MODEL, horizon);
    const f = this.inner.predict(horizon, levels);
    const { lift, future } = this.params;
    if (lift === 1 || future.length === 0) return f;
    return scaleForecast(
      f,
      windowMask(horizon, future).map((p) => (p ? lift : 1)),
    );
  }

  toJSON(): SerializedModel {
    const params: PromotionLiftParams = { inner: this.inner.toJSON(), ...this.params };
    return { model: PROMOTION_LIFT_MODEL, schemaVersion: SCHEMA_VERSION, params };
  }

  free(): void {
    this.inner.free?.();
  }
}

/** The model a serialized promotion-lift model wraps (the model itself for any other). */
export function unwrapPromotionLift(json: SerializedModel): SerializedModel {
  return json?.model === PROMOTION_LIFT_MODEL ? (json.params as PromotionLiftParams).inner : json;
}

/** Restores a serialized promotion-lift model; `restoreInner` restores the wrapped member (the registry). */
export function restorePromotionLift(
  json: SerializedModel,
  restoreInner: (inner: SerializedModel) => FittedModel,
): FittedModel {
  const p = readModelJson<PromotionLiftParams>(json, PROMOTION_LIFT_MODEL, SCHEMA_VERSION);
  if (!p.inner || !(p.lift > 0) || !Array.isArray(p.future))
    throw new Error(`${PROMOTION_LIFT_MODEL}: params need inner, lift > 0 and future[]`);
  const { inner, ...rest } = p;
  return new PromotionLiftFitted(restoreInner(inner), rest);
}

/** Does this member need the wrapper on this context (promotions declared, and it does not read them)? */
export function needsPromotionLift(spec: Pick<ModelSpec, 'capabilities'>, context: FitContext): boolean {
  return !spec.capabilities.usesPromotions && (context.promotions ?? []).some((w) => w.end > w.start);
}

/**
 * `spec` with promotions handled as a lift (see the top of this file). Same name, family and capabilities,
 * except that it takes missing observations (it hands them on to the member, which masks or repairs them).
 * A fit whose context has no promotion window is the member's own fit, returned as it is.
 */
export function withPromotionLift(spec: ModelSpec): ModelSpec {
  const capabilities: Capabilities = { ...spec.capabilities, handlesMissing: true };
  return {
    name: spec.name,
    family: spec.family,
    capabilities,
    fit(series: Series, context: FitContext): FittedModel {
      if (!needsPromotionLift(spec, context)) return spec.fit(series, context);
      const n = series.y.length;
      const disrupted = disruptionMask(n, context.disruptions);
      const promo = windowMask(n, context.promotions);
      const estimate = estimatePromotionLift(series.y, series.freq, context);
      // Promotion days out of the member's history, unless inside a disruption (the member has its own rule there).
      const y = series.y.map((v, i) => (promo[i] && !disrupted[i] ? NaN : v));
      const inner = spec.fit({ ...series, y }, context);
      const future = (context.promotions ?? [])
        .filter((w) => w.end > n)
        .map((w) => ({ start: Math.max(0, w.start - n), end: w.end - n }));
      const { lift, ...rest } = estimate;
      return new PromotionLiftFitted(inner, { lift, future, estimate: rest });
    },
    fromJSON: (json) =>
      json?.model === PROMOTION_LIFT_MODEL
        ? restorePromotionLift(json, (j) => spec.fromJSON(j))
        : spec.fromJSON(json),
    ...(spec.narrow && {
      narrow(fitted: FittedModel): ModelSpec | undefined {
        const inner = spec.narrow!(fitted instanceof PromotionLiftFitted ? fitted.inner : fitted);
        return inner && withPromotionLift(inner);
      },
    }),
  };
}
