import { disruptionMask, FitContext } from '@salescast/forecasting';
import { EvalTask } from '../datasets/types';
import { MethodForecasts } from '../scoring/forecasts';

/**
 * The recovery-aware seasonal naive on a regular series (monthly, weekly, quarterly): the mean of the last
 * `levelSpan` observations (the "last-month level") × the pooled seasonal ratio of each step, i.e. for step h
 *
 *     ratio_h = Σ_k y[n − 1 + h − k·m]  /  Σ_k mean(y[n − levelSpan − k·m … n − 1 − k·m])
 *
 * over every past year k (k·m ≥ h, so the target is in the history) whose target and base windows lie
 * wholly in the history and outside the masked (disrupted) observations; ratio 1 when no year qualifies or
 * the bases sum to 0. Without a disruption this is the plain seasonal naive "level × how the season moved
 * from this point in earlier years". The daily panels use the same recipe on calendar months
 * (`baselineForecasts` of the CLI, `level_x_seasonal_ratio`).
 */
export function seasonalRatioNaive(
  y: readonly number[],
  period: number,
  horizon: number,
  options: { masked?: readonly boolean[]; levelSpan?: number } = {},
): number[] {
  const n = y.length;
  const span = Math.max(1, options.levelSpan ?? 1);
  const masked = options.masked ?? [];
  const usable = (i: number) => i >= 0 && i < n && !masked[i] && Number.isFinite(y[i]);
  const recent: number[] = [];
  for (let i = n - 1; i >= 0 && recent.length < span; i--) if (usable(i)) recent.push(y[i]);
  const level = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
  const out: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    let target = 0;
    let base = 0;
    if (period > 1)
      for (let k = Math.ceil(h / period); n - span - k * period >= 0; k++) {
        const t = n - 1 + h - k * period;
        const from = n - span - k * period;
        let ok = usable(t);
        let sum = 0;
        for (let i = from; ok && i < from + span; i++) {
          ok = usable(i);
          sum += y[i];
        }
        if (!ok) continue;
        target += y[t];
        base += sum / span;
      }
    out.push(level * (base > 0 ? target / base : 1));
  }
  return out;
}

/** Observations that make "the last-month level" at each frequency's season period. */
export function levelSpanFor(period: number): number {
  return period === 52 ? 4 : period === 7 ? 30 : 1;
}

/** The baseline row of a regular data set: the recipe above on every task, disruption windows masked. */
export function seasonalRatioNaiveForecasts(
  tasks: readonly EvalTask[],
  seasonPeriod: number,
): MethodForecasts {
  const out: MethodForecasts = new Map();
  for (const t of tasks) {
    const ctx: FitContext = t.context;
    out.set(t.id, {
      mean: seasonalRatioNaive(t.series.y, seasonPeriod, t.actual.length, {
        masked: disruptionMask(t.series.y.length, ctx.disruptions),
        levelSpan: levelSpanFor(seasonPeriod),
      }),
    });
  }
  return out;
}
