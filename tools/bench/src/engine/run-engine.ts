import {
  describePanelPrior,
  Executor,
  fitPanelGlobalModel,
  forecastPanel,
  GLOBAL_AR,
  GLOBAL_MODEL,
  SeriesResult,
} from '@salescast/forecasting';
import { EvalTask } from '../datasets/types';
import { MethodForecasts } from '../scoring/forecasts';
import { FitModelInput, FitModelOutput } from './member-jobs';

export type Progress = (done: number, total: number) => void;

/** What the engine run produced for the table: forecasts by task id, and what went wrong. */
export interface EngineRun {
  forecasts: MethodForecasts;
  /** Tasks on which the ensemble fell back (no member could fit), with the first reasons. */
  fallbacks: number;
  reasons: string[];
  /** How often each member was chosen alone or got the largest weight, for the notes. */
  chosen: Record<string, number>;
  /** The member prior each panel learnt, described (forecastPanel's onMemberPrior). */
  stages: string[];
}

/**
 * The tasks' indices grouped by forecast origin: the `@<last training date>` of a rolling-origin task id
 * (EvalTask), one group for a single-origin data set. Each group is one panel, as one run of salescast at that
 * date would be: a global model fitted on a panel that held the same series at a later origin would learn the
 * months it is scored on.
 */
export function originGroups(tasks: readonly EvalTask[]): number[][] {
  const groups = new Map<string, number[]>();
  tasks.forEach((t, i) => {
    const at = t.id.lastIndexOf('@');
    const origin = at >= 0 ? t.id.slice(at + 1) : '';
    groups.set(origin, [...(groups.get(origin) ?? []), i]);
  });
  return [...groups.values()];
}

/** The salescast ensemble over every task (one forecastPanel call per forecast origin). */
export async function runEnsemble(
  tasks: EvalTask[],
  options: { horizon: number; members?: string[]; seed: number; executor?: Executor },
  onProgress?: Progress,
): Promise<EngineRun> {
  const results: SeriesResult[] = new Array(tasks.length);
  let done = 0;
  const stages: string[] = [];
  for (const group of originGroups(tasks)) {
    const out = await forecastPanel(
      group.map((i) => ({ series: tasks[i].series, context: tasks[i].context })),
      {
        horizon: options.horizon,
        levels: [80],
        members: options.members,
        seed: options.seed,
        executor: options.executor,
        onProgress: onProgress && ((d) => onProgress(done + d, tasks.length)),
        onMemberPrior: (prior) => stages.push(describePanelPrior(prior)),
      },
    );
    out.forEach((r, j) => (results[group[j]] = r));
    done += group.length;
  }
  const forecasts: MethodForecasts = new Map();
  const reasons: string[] = [];
  const chosen: Record<string, number> = {};
  let fallbacks = 0;
  results.forEach((r, i) => {
    const band = r.forecast.intervals[80];
    forecasts.set(tasks[i].id, {
      mean: r.forecast.mean,
      lower: band?.lower,
      upper: band?.upper,
      seconds: r.seconds,
    });
    chosen[r.chosen] = (chosen[r.chosen] ?? 0) + 1;
    if (r.fallbackReason !== undefined) {
      fallbacks++;
      if (reasons.length < 3) reasons.push(`${r.id}: ${r.fallbackReason}`);
    }
  });
  return { forecasts, fallbacks, reasons, chosen, stages };
}

/** One registry model fitted on its own over every task (the member and baseline rows). */
export async function runModel(
  model: string,
  tasks: EvalTask[],
  horizon: number,
  executor: Executor,
  onProgress?: Progress,
): Promise<{
  forecasts: MethodForecasts;
  /** The first few failed fits, as `<task id>: <error>`. */
  reasons: string[];
  /** The distinct reasons why the model does not apply to some tasks. */
  notApplicableReasons: string[];
  /** Ids of the tasks it does not apply to, and of those whose fit failed (scored per table). */
  notApplicableIds: Set<string>;
  failedIds: Set<string>;
}> {
  // A global member forecasts only what the panel fitted for it: its paths first, as forecastPanel does.
  const global: Array<Record<string, number[]> | undefined> = [];
  if ([GLOBAL_MODEL, GLOBAL_AR].includes(model))
    for (const group of originGroups(tasks)) {
      const { forecasts } = await fitPanelGlobalModel(
        group.map((i) => ({ series: tasks[i].series, context: tasks[i].context })),
        { horizon, members: [model] },
      );
      forecasts.forEach((f, j) => (global[group[j]] = f));
    }
  const outputs = await executor.map<FitModelInput, FitModelOutput>(
    'fitModel',
    tasks.map((t, i) => ({
      model,
      series: t.series,
      context: global[i] ? { ...t.context, globalForecasts: global[i] } : t.context,
      horizon,
    })),
    onProgress,
  );
  const forecasts: MethodForecasts = new Map();
  const reasons: string[] = [];
  const notApplicableReasons = new Set<string>();
  const notApplicableIds = new Set<string>();
  const failedIds = new Set<string>();
  outputs.forEach((o, i) => {
    if (o.notApplicable !== undefined) {
      notApplicableReasons.add(o.notApplicable);
      notApplicableIds.add(tasks[i].id);
      return;
    }
    forecasts.set(tasks[i].id, o);
    if (o.error !== undefined) {
      failedIds.add(tasks[i].id);
      if (reasons.length < 3) reasons.push(`${tasks[i].id}: ${o.error}`);
    }
  });
  return {
    forecasts,
    reasons,
    notApplicableReasons: [...notApplicableReasons],
    notApplicableIds,
    failedIds,
  };
}
