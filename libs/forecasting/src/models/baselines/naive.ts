import { defineModel } from '../../core/model-support';
import { Capabilities, ModelFitError } from '../../core/types';
import { multiplicativeSeasonalAdjustment, seasonalIndexAt } from '../decomposition/classical';

/**
 * The benchmark baselines (Hyndman & Athanasopoulos, FPP3 §5.2), with the normal prediction intervals of
 * FPP3 §5.5: σ̂ is the root mean square of the one-step residuals, and the h-step sd is
 *   naive σ̂√h · seasonal naive σ̂√(k+1), k = ⌊(h−1)/m⌋ · drift σ̂√(h(1 + h/T)).
 * None of them can skip missing values: they see the repaired series (core/repair.ts).
 */

const capabilities = (minHistory: number, needsSeasonality = false): Capabilities => ({
  needsSeasonality,
  usesExogenous: false,
  minHistory,
  handlesMissing: false,
  nativeIntervals: true,
});

/** Root mean square of residuals, with `lost` degrees of freedom (0 when there are too few). */
function residualSigma(residuals: number[], lost = 0): number {
  const df = residuals.length - lost;
  if (df <= 0) return 0;
  return Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / df);
}

function lagResiduals(y: number[], lag: number, drift = 0): number[] {
  const out: number[] = [];
  for (let t = lag; t < y.length; t++) out.push(y[t] - y[t - lag] - drift);
  return out;
}

const steps = (h: number) => Array.from({ length: h }, (_, i) => i + 1);

interface NaiveParams {
  last: number;
  sigma: number;
}

/** Random walk: every future value is the last observation. */
export const naiveModel = defineModel<NaiveParams>({
  name: 'naive',
  family: 'baseline',
  capabilities: capabilities(1),
  schemaVersion: 1,
  fit: (y) => ({ last: y[y.length - 1], sigma: residualSigma(lagResiduals(y, 1)) }),
  forecast: (p, h) => ({ mean: steps(h).map(() => p.last), sd: steps(h).map((k) => p.sigma * Math.sqrt(k)) }),
});

interface SeasonalNaiveParams {
  lastSeason: number[];
  sigma: number;
}

/** Seasonal naive: each future value is the observation one season earlier (naive when m = 1). */
export const seasonalNaiveModel = defineModel<SeasonalNaiveParams>({
  name: 'snaive',
  family: 'baseline',
  capabilities: capabilities(4, true),
  schemaVersion: 1,
  fit: (y, context) => {
    const m = Math.max(1, context.seasonPeriod);
    if (y.length <= m)
      throw new ModelFitError('snaive', `needs more than one season (${m} points), got ${y.length}`);
    return { lastSeason: y.slice(y.length - m), sigma: residualSigma(lagResiduals(y, m)) };
  },
  forecast: (p, h) => {
    const m = p.lastSeason.length;
    return {
      mean: steps(h).map((k) => p.lastSeason[(k - 1) % m]),
      sd: steps(h).map((k) => p.sigma * Math.sqrt(Math.floor((k - 1) / m) + 1)),
    };
  },
});

interface DriftParams {
  last: number;
  slope: number;
  n: number;
  sigma: number;
}

/** Random walk with drift: the line through the first and last observations, extended. */
export const driftModel = defineModel<DriftParams>({
  name: 'drift',
  family: 'baseline',
  capabilities: capabilities(2),
  schemaVersion: 1,
  fit: (y) => {
    const n = y.length;
    const slope = (y[n - 1] - y[0]) / (n - 1);
    return { last: y[n - 1], slope, n, sigma: residualSigma(lagResiduals(y, 1, slope), 1) };
  },
  forecast: (p, h) => ({
    mean: steps(h).map((k) => p.last + k * p.slope),
    sd: steps(h).map((k) => p.sigma * Math.sqrt(k * (1 + k / p.n))),
  }),
});

interface Naive2Params {
  /** Last seasonally adjusted observation. */
  last: number;
  sigma: number;
  /** Multiplicative seasonal figure counted from the series' start ([1] when not seasonal). */
  figure: number[];
  n: number;
}

/**
 * The M3/M4 "Naive2" benchmark: naive on the seasonally adjusted series, reseasonalised. Adjustment is a
 * classical multiplicative decomposition, applied only when the 90 % autocorrelation test at lag m says
 * the series is seasonal (see isSeasonal; the M4 code applies the same test). Interval sds (σ̂√h on the
 * adjusted scale) are scaled by the seasonal index.
 */
export const naive2Model = defineModel<Naive2Params>({
  name: 'naive2',
  family: 'baseline',
  capabilities: capabilities(1),
  schemaVersion: 1,
  fit: (y, context) => {
    const { adjusted, figure } = multiplicativeSeasonalAdjustment(y, context.seasonPeriod);
    return {
      last: adjusted[adjusted.length - 1],
      sigma: residualSigma(lagResiduals(adjusted, 1)),
      figure,
      n: y.length,
    };
  },
  forecast: (p, h) => {
    const s = steps(h).map((k) => seasonalIndexAt(p.figure, p.n - 1 + k));
    return {
      mean: s.map((si) => p.last * si),
      sd: steps(h).map((k) => p.sigma * Math.sqrt(k) * s[k - 1]),
    };
  },
});

/** All baselines, for a registry. */
export const baselineModels = [naiveModel, seasonalNaiveModel, driftModel, naive2Model];
