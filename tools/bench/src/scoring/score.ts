import { intervalCoverage, intervalScore, mase, naiveScale, smape, wape } from '@salescast/forecasting';
import { EvalTask } from '../datasets/types';
import { MethodForecasts, TaskForecast } from './forecasts';

/** 'oracle': the data's own noise-free mean (only the generated story has one): the floor. */
export type RowKind = 'ours' | 'member' | 'baseline' | 'reference' | 'oracle';

/** One line of the league table; the JSON document's row shape (null where a figure does not apply). */
export interface ScoreRow {
  method: string;
  kind: RowKind;
  smape: number | null;
  mase: number | null;
  wape: number | null;
  coverage80: number | null;
  /**
   * Mean scaled interval score of the 80 % band (M4's MSIS at 80 %): per task, the Winkler score (width, plus
   * 2/0.2 × how far an actual falls outside) over the same seasonal-naive scale as MASE, averaged over tasks.
   * Lower is better; unlike coverage it cannot be won by widening the band. Null without intervals.
   */
  msis80: number | null;
  seconds_per_series: number | null;
}

/** A scored row plus what the table prints beside it. */
export interface ScoredMethod {
  row: ScoreRow;
  /** Tasks the method gave no usable forecast for, scored with the naive forecast instead. */
  fellBack: number;
  /** Tasks whose MASE is not finite (constant in-sample history), left out of the MASE mean. */
  maseUndefined: number;
  note?: string;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
const mean = (xs: number[]) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The last observation repeated: what a task is scored with when a method produced nothing usable. */
function naiveFallback(task: EvalTask): TaskForecast {
  const y = task.series.y.filter(Number.isFinite);
  return { mean: task.actual.map(() => y[y.length - 1]) };
}

/**
 * Scores one method over a data set's tasks with the engine's metric code, the same for every row:
 *  - sMAPE (M3 definition) and MASE (seasonal naive scale on `task.scaleHistory`) per task, averaged over
 *    tasks, as in the M3/M4 tables;
 *  - WAPE pooled over every task and step (Σ|e| / Σ|y|), since a mean of ratios would let small series
 *    dominate it;
 *  - 80 % coverage pooled over every task and step, and MSIS at 80 % per task, averaged over tasks (null when
 *    the method gives no intervals);
 *  - seconds per series: mean fit + forecast time per task (null when not measured).
 */
export function scoreMethod(
  method: string,
  kind: RowKind,
  tasks: readonly EvalTask[],
  forecasts: MethodForecasts,
  seasonPeriod: number,
): ScoredMethod {
  const smapes: number[] = [];
  const mases: number[] = [];
  const allActual: number[] = [];
  const allMean: number[] = [];
  const covActual: number[] = [];
  const covLower: number[] = [];
  const covUpper: number[] = [];
  const msis: number[] = [];
  const seconds: number[] = [];
  let fellBack = 0;
  let maseUndefined = 0;
  let withIntervals = 0;
  for (const task of tasks) {
    let f = forecasts.get(task.id);
    if (f?.seconds !== undefined && Number.isFinite(f.seconds)) seconds.push(f.seconds);
    if (
      !f ||
      f.mean.length < task.actual.length ||
      f.mean.slice(0, task.actual.length).some((v) => !Number.isFinite(v))
    ) {
      f = naiveFallback(task);
      fellBack++;
    }
    const point = f.mean.slice(0, task.actual.length);
    smapes.push(smape(task.actual, point));
    const m = mase(task.actual, point, task.scaleHistory, seasonPeriod);
    if (Number.isFinite(m)) mases.push(m);
    else maseUndefined++;
    allActual.push(...task.actual);
    allMean.push(...point);
    if (f.lower && f.upper) {
      withIntervals++;
      const lower = f.lower.slice(0, task.actual.length);
      const upper = f.upper.slice(0, task.actual.length);
      covActual.push(...task.actual);
      covLower.push(...lower);
      covUpper.push(...upper);
      const score =
        intervalScore(task.actual, lower, upper, 80) / naiveScale(task.scaleHistory, seasonPeriod);
      if (Number.isFinite(score)) msis.push(score);
    }
  }
  return {
    row: {
      method,
      kind,
      smape: finiteOrNull(mean(smapes)),
      mase: finiteOrNull(mean(mases)),
      wape: finiteOrNull(wape(allActual, allMean)),
      coverage80: withIntervals === 0 ? null : finiteOrNull(intervalCoverage(covActual, covLower, covUpper)),
      msis80: withIntervals === 0 ? null : finiteOrNull(mean(msis)),
      seconds_per_series: seconds.length === 0 ? null : mean(seconds),
    },
    fellBack,
    maseUndefined,
  };
}
