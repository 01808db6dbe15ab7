import { ModelFamily } from '../core/types';

/**
 * Combination weights. All functions return non-negative weights that sum to 1 (or throw on empty input).
 */

/** The plan's prior split by family; baselines count as time-series (statistical) models. */
export interface FamilyPrior {
  statistical: number;
  ml: number;
  recovery: number;
}

export const DEFAULT_PRIOR: Readonly<FamilyPrior> = Object.freeze({
  statistical: 0.4,
  ml: 0.45,
  recovery: 0.15,
});

function priorFamily(family: ModelFamily): keyof FamilyPrior {
  return family === 'baseline' ? 'statistical' : family;
}

/**
 * Prior weights of a set of members: each family's share split evenly among its members. A family with no
 * member here (e.g. no recovery model because the series had no shutdown) passes its share on to the others
 * in proportion, so the weights still sum to 1; if every present family has a zero share, all are equal.
 */
export function priorWeights(families: ModelFamily[], prior: FamilyPrior = DEFAULT_PRIOR): number[] {
  if (families.length === 0) throw new Error('priorWeights: no members');
  const counts: Record<keyof FamilyPrior, number> = { statistical: 0, ml: 0, recovery: 0 };
  for (const f of families) counts[priorFamily(f)]++;
  const raw = families.map((f) => prior[priorFamily(f)] / counts[priorFamily(f)]);
  return raw.some((w) => w > 0) ? normalise(raw) : families.map(() => 1 / families.length);
}

/**
 * Inverse-error weights w_i ∝ error_i^-power. A member with zero error takes all the weight (shared among
 * ties). Errors must be finite and >= 0.
 */
export function inverseErrorWeights(errors: number[], power = 1): number[] {
  if (errors.length === 0) throw new Error('inverseErrorWeights: no members');
  if (!errors.every((e) => Number.isFinite(e) && e >= 0))
    throw new Error(`inverseErrorWeights: errors must be finite and >= 0, got [${errors.join(', ')}]`);
  if (errors.some((e) => e === 0)) return normalise(errors.map((e) => (e === 0 ? 1 : 0)));
  return normalise(errors.map((e) => Math.pow(e, -power)));
}

/**
 * Constrained least squares (stacking): the weights w >= 0, sum w = 1 that minimise ||F w - y||², where
 * row p of F holds the members' forecasts of point p. Solved by accelerated projected gradient (FISTA) onto the
 * probability simplex; members are few (< 20) and points a few dozen, so a fixed iteration budget is plenty.
 */
export function leastSquaresWeights(forecasts: number[][], actual: number[], iterations = 2000): number[] {
  const k = forecasts[0]?.length ?? 0;
  if (k === 0) throw new Error('leastSquaresWeights: no members');
  if (forecasts.length !== actual.length)
    throw new Error(`leastSquaresWeights: ${forecasts.length} forecast rows for ${actual.length} actuals`);
  // Lipschitz constant of the gradient 2 Fᵀ(Fw − y): 2 λmax(FᵀF) <= 2 ||F||²_F.
  const lipschitz = 2 * forecasts.reduce((s, row) => s + row.reduce((r, v) => r + v * v, 0), 0);
  if (lipschitz === 0) return new Array<number>(k).fill(1 / k);
  let w = new Array<number>(k).fill(1 / k);
  let z = w.slice();
  let t = 1;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(k).fill(0);
    forecasts.forEach((row, p) => {
      const r = row.reduce((s, v, i) => s + v * z[i], 0) - actual[p];
      for (let i = 0; i < k; i++) grad[i] += 2 * r * row[i];
    });
    const next = projectOntoSimplex(z.map((v, i) => v - grad[i] / lipschitz));
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    z = next.map((v, i) => v + ((t - 1) / tNext) * (v - w[i]));
    w = next;
    t = tNext;
  }
  return w;
}

/** Euclidean projection onto { w >= 0, sum w = 1 } (Duchi et al., 2008). */
export function projectOntoSimplex(v: number[]): number[] {
  const sorted = [...v].sort((a, b) => b - a);
  let cumulative = 0;
  let theta = 0;
  for (let i = 0; i < sorted.length; i++) {
    cumulative += sorted[i];
    const candidate = (cumulative - 1) / (i + 1);
    if (sorted[i] - candidate > 0) theta = candidate;
  }
  return v.map((x) => Math.max(0, x - theta));
}

/** (1 − λ)·prior + λ·evidence: how far the backtest may pull the weights away from the prior. */
export function shrinkTowardPrior(evidence: number[], prior: number[], lambda: number): number[] {
  if (evidence.length !== prior.length) throw new Error('shrinkTowardPrior: length mismatch');
  const l = Math.min(1, Math.max(0, lambda));
  return normalise(evidence.map((e, i) => l * e + (1 - l) * prior[i]));
}

export function normalise(w: number[]): number[] {
  const total = w.reduce((s, v) => s + v, 0);
  if (!(total > 0) || !Number.isFinite(total)) throw new Error(`cannot normalise weights [${w.join(', ')}]`);
  return w.map((v) => v / total);
}
