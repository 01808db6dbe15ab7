import { EvalTask } from '../datasets/types';

/**
 * A history with its missing values filled for the references, which cannot take them (R's input
 * refuses them, the statsforecast peer leaves such a task out): each gap takes the value one season
 * earlier (the same weekday a week back for daily data, season 7), else one season later, searching
 * further seasons back and then forward; a position with no finite value in its whole seasonal phase
 * takes the last finite value before it (or the first after it). Observed values, closures included, are
 * kept as they are: the references still get the raw series, only without holes.
 */
export function fillBySeason(y: readonly number[], season: number): number[] {
  const lag = Math.max(1, Math.floor(season));
  const out = [...y];
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(y[i])) continue;
    let v = NaN;
    for (let j = i - lag; j >= 0 && !Number.isFinite(v); j -= lag) v = y[j];
    for (let j = i + lag; j < y.length && !Number.isFinite(v); j += lag) v = y[j];
    for (let j = i - 1; j >= 0 && !Number.isFinite(v); j--) v = y[j];
    for (let j = i + 1; j < y.length && !Number.isFinite(v); j++) v = y[j];
    out[i] = v;
  }
  return out;
}

/** The tasks as the references get them (gaps filled by fillBySeason), and how many needed a fill. */
export function tasksForReferences(
  tasks: readonly EvalTask[],
  season: number,
): { tasks: EvalTask[]; filled: number; values: number } {
  let filled = 0;
  let values = 0;
  const out = tasks.map((t) => {
    const missing = t.series.y.filter((v) => !Number.isFinite(v)).length;
    if (missing === 0) return t;
    filled++;
    values += missing;
    return { ...t, series: { ...t.series, y: fillBySeason(t.series.y, season) } };
  });
  return { tasks: out, filled, values };
}
