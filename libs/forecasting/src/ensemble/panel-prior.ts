import { Backtest } from './backtest';
import { leastSquaresWeights } from './weights';

/**
 * The panel's member prior: what the backtests of many series together say about how to combine the members.
 *
 * Each series weighs its members on its own backtests, a few dozen points, shrunk toward a prior. A fixed prior
 * (the plan's family split, `DEFAULT_PRIOR`) gives every member of a family the same share whatever the data:
 * on M3 monthly the naive baselines kept a prior share they rarely earn, on Australian retail the seasonal naive
 * kept less than it does. A panel of series has thousands of backtest points: enough to learn, once per panel,
 * the combination that fits them best (least squares on the scaled points, weights ≥ 0 summing to 1: stacking,
 * which a single series' few points would overfit), and to use it as the prior each series' own evidence is
 * shrunk toward. Members whose errors the others already cover get little prior weight even when each is
 * accurate alone, and a member a data set favours keeps its share where it earns it. The same idea as the
 * panel's promotion prior (core/promotions.ts): a pooled estimate for what one series can only guess.
 */

/** Fewest series of a panel before its backtests set the prior (fewer: the family prior). */
export const PANEL_PRIOR_MIN_SERIES = 20;
/** Series of a larger panel whose backtests are pooled (spread evenly over it): 200 hold ~10,000 monthly points. */
export const PANEL_PRIOR_SAMPLE = 200;

/** A panel's learnt member prior: the stacking weights by member name, and how many backtest points set them. */
export interface PanelPrior {
  weights: Record<string, number>;
  points: number;
}

/** The prior in one line, for logs and reports: `member prior (stacking on N backtest points): ets 0.26, …`. */
export function describePanelPrior(prior: PanelPrior): string {
  const weights = Object.entries(prior.weights)
    .map(([m, w]) => `${m} ${w.toFixed(2)}`)
    .join(', ');
  return `member prior (stacking on ${prior.points} backtest points): ${weights}`;
}

/** Whether `prior` can be a member prior: an object of finite weights ≥ 0, not all 0. */
export function isMemberPrior(prior: unknown): prior is Record<string, number> {
  if (!prior || typeof prior !== 'object') return false;
  const values = Object.values(prior);
  return (
    values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0) && values.some((v) => v > 0)
  );
}

/** One series' weighed backtest, reduced to the rows a panel's stacking needs. */
export interface StackingSample {
  /** The members that forecast at least one weighed origin: the columns of `rows`. */
  members: string[];
  /**
   * One row per scored block of steps (`block` consecutive steps summed, as the weights score them): each
   * member's forecast divided by the fold's MASE scale, NaN where the member has no forecast at that origin.
   */
  rows: number[][];
  /** The actual block sums, divided by the same scale. */
  actual: number[];
}

/** The rows of one (weighed) backtest for the panel's stacking; `block` as pooledScaledError's. */
export function stackingSample(bt: Backtest, block = 1): StackingSample {
  const used = bt.members.filter((m) => m.forecasts.some((f) => f !== null));
  const rows: number[][] = [];
  const actual: number[] = [];
  bt.folds.forEach((fold, f) => {
    if (!(fold.scale > 0) || used.every((m) => !m.forecasts[f])) return;
    for (let b = 0; b < fold.scored.length; b += block) {
      let a = 0;
      let scored = 0;
      const sums = new Array<number>(used.length).fill(0);
      for (let k = b; k < Math.min(b + block, fold.scored.length); k++) {
        if (!fold.scored[k]) continue;
        a += fold.actual[k];
        scored++;
        used.forEach((m, i) => (sums[i] += m.forecasts[f]?.[k] ?? NaN));
      }
      if (scored === 0) continue;
      rows.push(sums.map((s) => (Number.isFinite(s) ? s / fold.scale : NaN)));
      actual.push(a / fold.scale);
    }
  });
  return { members: used.map((m) => m.member), rows, actual };
}

/**
 * Stacking weights over every member that appears in `samples` (name → weight, summing to 1), or undefined when
 * fewer than PANEL_PRIOR_MIN_SERIES samples have rows. A member without a forecast on a row (it failed at that
 * origin, or does not apply to that series) counts there as the mean of those that have one, so it is neither
 * rewarded nor punished for the gap.
 */
export function panelMemberPrior(samples: readonly StackingSample[]): Record<string, number> | undefined {
  const withRows = samples.filter((s) => s.rows.length > 0);
  if (withRows.length < PANEL_PRIOR_MIN_SERIES) return undefined;
  const names = [...new Set(withRows.flatMap((s) => s.members))].sort();
  const column = new Map(names.map((n, i) => [n, i]));
  const rows: number[][] = [];
  const actual: number[] = [];
  for (const s of withRows) {
    const columns = s.members.map((m) => column.get(m)!);
    s.rows.forEach((row, r) => {
      const known = row.filter(Number.isFinite);
      if (known.length === 0 || !Number.isFinite(s.actual[r])) return;
      const fill = known.reduce((a, v) => a + v, 0) / known.length;
      const full = new Array<number>(names.length).fill(fill);
      row.forEach((v, i) => {
        if (Number.isFinite(v)) full[columns[i]] = v;
      });
      rows.push(full);
      actual.push(s.actual[r]);
    });
  }
  if (rows.length <= names.length) return undefined;
  const weights = leastSquaresWeights(rows, actual);
  return Object.fromEntries(names.map((n, i) => [n, weights[i]]));
}

/**
 * The prior over `members` (names, aligned) from a panel's member prior, normalised; undefined when the prior
 * gives all of them 0 (or none is in it), so that the caller falls back to the family prior.
 */
export function memberPriorWeights(
  members: readonly string[],
  prior: Readonly<Record<string, number>>,
): number[] | undefined {
  const raw = members.map((m) => prior[m] ?? 0);
  const total = raw.reduce((a, v) => a + v, 0);
  return total > 0 ? raw.map((v) => v / total) : undefined;
}
