import { dateAt, parseDate, periodsBetween } from '../core/calendar';
import { disruptionMask } from '../core/events';
import { scaleForecast } from '../core/model-support';
import {
  Disruption,
  FitContext,
  Forecast,
  Frequency,
  GroupHistory,
  PromotionPrior,
  Series,
} from '../core/types';
import { SeriesJob, SeriesResult } from './forecast-series';
import { forecastPanel, PanelOptions, withGlobalForecasts } from './panel';
import { panelPromotionPrior } from '../core/promotions';

/**
 * The hierarchy SKU → group (category) → total, forecast and reconciled.
 *
 * 1. Each group's demand (the sum of its SKUs by date) and the total are built once for the panel. Every SKU's
 *    context gets its group's history (`FitContext.group`, the sum chain-linked over launches so that a launch
 *    does not read as season: linkedGroupHistory; members borrow its yearly season and weekday
 *    profile), the shop's closed weekdays (weekdays on which no SKU of the panel sold in the last
 *    CLOSED_WEEKS weeks, daily panels only) and the SKUs' pooled promotion lift (`FitContext.promotionPrior`:
 *    a SKU's own few promotions are shrunk toward it), unless the caller set them.
 * 2. The SKUs, each group and the total are forecast by the same engine.
 * 3. Reconciliation, top-down by forecast proportions (Athanasopoulos, Ahmed & Hyndman 2009), made coherent
 *    step by step: each group's level is a blend of its own forecast and the sum of its SKUs'; the total's
 *    is a blend of its own forecast and the sum of those group levels (TOTAL_WEIGHT), and the groups are
 *    scaled to add up to it; each SKU keeps its share of its group's SKU sum at every step. The level is
 *    matched over blocks (weeks on daily series) so that a group forecast's day-to-day noise does not reshape
 *    the SKUs; the shares keep each SKU's own weekday pattern. A noisy SKU thus borrows its group's level:
 *    when the SKUs of a group together run above what the group's own history supports (one SKU
 *    extrapolating a burst), they are scaled back toward it, by at most MAX_RECONCILIATION_FACTOR. The groups
 *    and the total reported are the sums of the reconciled SKUs, so everything adds up at every step:
 *    Σ SKUs = group, Σ groups = total (tests check it).
 */

/** Weeks of the total's history that decide which weekdays the shop is closed. */
export const CLOSED_WEEKS = 8;
/** The group's own forecast's weight in its reconciled level (1 − this: the bottom-up sum of its SKUs). */
export const GROUP_WEIGHT = 0.5;
/**
 * The total's own forecast's weight in its reconciled level (1 − this: the sum of the groups' levels). The
 * total's own forecast is one more estimate, not the truth: on twenty generated shops it ran 3 % high in the
 * second month on average (up to 13 %; its recovery member, with 24–66 % of the weight, kept climbing) while
 * the SKUs' sum ran 2 % low, and keeping it whole moved every SKU by that much (BENCHMARKS.md, "The total as
 * one more estimate").
 */
export const TOTAL_WEIGHT = 0.5;
/**
 * The most reconciliation may move a SKU's level, either way (× or ÷): its group informs its level, it does
 * not replace it. So the SKUs of a group add up to the group's reconciled level where the group's own forecast
 * and the sum of its SKUs' are within this factor of each other, and to the nearest within it otherwise; the
 * group and total reported are always the sums of the reconciled SKUs (coherent at every step).
 */
export const MAX_RECONCILIATION_FACTOR = 1.5;

export interface HierarchyJob extends SeriesJob {
  /** The SKU's group (category); SKUs without one form the group ''. */
  group?: string;
}

export interface AggregateResult {
  /** The group's name, or 'total'. */
  id: string;
  /** SKUs in it. */
  skus: number;
  /** Its own (unreconciled) forecast, for diagnostics. */
  base: SeriesResult;
  /** The reconciled forecast (the sum of its reconciled SKUs). */
  forecast: Forecast;
}

export interface HierarchyResult {
  /** The SKUs' reconciled results, in job order (forecast replaced; model, weights and backtest as fitted). */
  skus: SeriesResult[];
  groups: AggregateResult[];
  total: AggregateResult;
  /** Weekdays found closed for the whole panel (getUTCDay()). */
  closedWeekdays: number[];
}

export interface HierarchyOptions extends PanelOptions {
  /** The group's own forecast's weight in its reconciled level (default GROUP_WEIGHT). */
  groupWeight?: number;
  /** The total's own forecast's weight in its reconciled level (default TOTAL_WEIGHT). */
  totalWeight?: number;
}

/** Sum of series by date (same frequency), from the earliest start to the latest end; gaps count 0. */
export function sumSeries(id: string, members: readonly Series[]): Series {
  if (members.length === 0) throw new Error(`group '${id}' has no series`);
  const freq: Frequency = members[0].freq;
  if (members.some((s) => s.freq !== freq)) throw new Error(`group '${id}' mixes frequencies`);
  const start = members.reduce((a, s) => (s.start < a ? s.start : a), members[0].start);
  const offsets = members.map((s) => periodsBetween(start, s.start, freq));
  const length = Math.max(...members.map((s, i) => offsets[i] + s.y.length));
  const y = new Array<number>(length).fill(0);
  members.forEach((s, i) => s.y.forEach((v, t) => (y[offsets[i] + t] += Number.isFinite(v) ? v : 0)));
  return { id, freq, start, y };
}

/** Days after a SKU's first sale (within the data) before it counts in its group's month-to-month links. */
export const LINK_RAMP_DAYS = 91;

/**
 * The group's demand as its SKUs' season and weekday profile see it (daily): the sum of the SKUs, rescaled month
 * by month so that its level moves as the SKUs on sale in both months moved (a chain-linked index, as price and
 * volume statistics are built). A plain sum steps up when a large SKU is launched; the group's month-of-year
 * index (core/yearly-season.ts) and `seasonal_ratio`'s category profile would read that month's step as season
 * for every SKU of the group (a hose reel launched one July made every garden August look 19 % above July). So
 * the link from month k − 1 to k is Σ mean daily units in k / Σ in k − 1 over the SKUs whose history covers
 * both months whole and that were on sale LINK_RAMP_DAYS before them (or from the data's first day), and each
 * month of the sum is scaled by the linked level over its own. Months that touch a disruption keep the scale of
 * the month before (the shutdown and the recovery stay as they were), as does a month with no link. The last
 * month keeps the sum's own level. Other frequencies: the plain sum.
 */
export function linkedGroupHistory(
  id: string,
  members: readonly Series[],
  disrupted: readonly boolean[] = [],
): Series {
  const sum = sumSeries(id, members);
  if (sum.freq !== 'daily') return sum;
  const offsets = members.map((s) => periodsBetween(sum.start, s.start, 'daily'));
  const established = offsets.map((o) => (o === 0 ? 0 : o + LINK_RAMP_DAYS));
  // calendar months of the sum: [from, to) day indices
  const months: Array<{ from: number; to: number }> = [];
  const first = parseDate(sum.start);
  for (let from = 0, k = 0; from < sum.y.length; k++) {
    const end = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k + 1, 1));
    const to = Math.min(sum.y.length, periodsBetween(sum.start, end.toISOString().slice(0, 10), 'daily'));
    months.push({ from, to });
    from = to;
  }
  const meanOf = (s: number, from: number, to: number) => {
    let total = 0;
    for (let t = from; t < to; t++) {
      const v = members[s].y[t - offsets[s]];
      total += Number.isFinite(v) ? v : 0;
    }
    return total / (to - from);
  };
  const touchesDisruption = (m: { from: number; to: number }) => {
    for (let t = m.from; t < m.to; t++) if (disrupted[t]) return true;
    return false;
  };
  const rawMean = months.map((m) => {
    let total = 0;
    for (let t = m.from; t < m.to; t++) total += sum.y[t];
    return total / (m.to - m.from);
  });
  const scale = new Array<number>(months.length).fill(1);
  for (let k = 1; k < months.length; k++) {
    scale[k] = scale[k - 1];
    const [before, now] = [months[k - 1], months[k]];
    if (touchesDisruption(before) || touchesDisruption(now) || !(rawMean[k] > 0 && rawMean[k - 1] > 0))
      continue;
    let a = 0;
    let b = 0;
    members.forEach((s, i) => {
      if (established[i] > before.from || offsets[i] + s.y.length < now.to) return;
      a += meanOf(i, now.from, now.to);
      b += meanOf(i, before.from, before.to);
    });
    if (a > 0 && b > 0) scale[k] = (scale[k - 1] * rawMean[k - 1] * (a / b)) / rawMean[k];
  }
  const last = scale[months.length - 1];
  const y = sum.y.slice();
  months.forEach((m, k) => {
    for (let t = m.from; t < m.to; t++) y[t] *= scale[k] / last;
  });
  return { ...sum, y };
}

/** Weekdays on which the summed series sold nothing in its last `weeks` undisrupted weeks (daily only). */
export function closedWeekdaysOf(
  total: Series,
  disruptions: Disruption[] = [],
  weeks = CLOSED_WEEKS,
): number[] {
  if (total.freq !== 'daily' || total.y.length < 7 * weeks) return [];
  const masked = disruptionMask(total.y.length, disruptions);
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  const n = total.y.length;
  const lastWeekday = parseDate(dateAt(total, n - 1)).getUTCDay();
  for (let i = n - 1; i >= 0 && Math.min(...counts) < weeks; i--) {
    if (masked[i] || !Number.isFinite(total.y[i])) continue;
    const d = (((lastWeekday - (n - 1 - i)) % 7) + 7) % 7;
    if (counts[d] >= weeks) continue;
    sums[d] += total.y[i];
    counts[d]++;
  }
  if (counts.some((c) => c < weeks)) return [];
  const closed = sums.map((s, d) => (s === 0 ? d : -1)).filter((d) => d >= 0);
  return closed.length < 7 ? closed : [];
}

/** The aggregate's disruptions: those of its longest member, moved onto the aggregate's index. */
function aggregateContext(
  aggregate: Series,
  jobs: readonly SeriesJob[],
  closedWeekdays: number[],
): FitContext {
  const longest = jobs.reduce((a, j) => (j.series.start < a.series.start ? j : a), jobs[0]);
  const offset = periodsBetween(aggregate.start, longest.series.start, aggregate.freq);
  const disruptions = (longest.context.disruptions ?? []).map((d) => ({
    ...d,
    window: { start: d.window.start + offset, end: d.window.end + offset },
  }));
  return {
    seasonPeriod: longest.context.seasonPeriod,
    ...(disruptions.length > 0 && { disruptions }),
    ...(closedWeekdays.length > 0 && { closedWeekdays }),
    ...(longest.context.closures && {
      closures: longest.context.closures.map((w) => ({ start: w.start + offset, end: w.end + offset })),
    }),
    ...(longest.context.seed !== undefined && { seed: longest.context.seed }),
  };
}

/** Step 1 of the hierarchy (see the comment above): the aggregates, and each SKU's job with its context. */
export interface HierarchyContexts {
  /** The groups' names, sorted ('' for SKUs without one). */
  names: string[];
  byGroup: Map<string, HierarchyJob[]>;
  /** Each group's demand: the sum of its SKUs by date. */
  groupSeries: Map<string, Series>;
  /**
   * Each group's history as its SKUs borrow their season and weekday profile from (`FitContext.group`): the sum,
   * chain-linked over launches (linkedGroupHistory).
   */
  groupHistories: Map<string, Series>;
  total: Series;
  totalContext: FitContext;
  /** Weekdays on which no SKU of the panel sold in its last CLOSED_WEEKS undisrupted weeks. */
  closedWeekdays: number[];
  /** The SKUs' pooled promotion lift (core/promotions.ts), when enough of them have past promotions. */
  promotionPrior?: PromotionPrior;
  /** The SKUs' jobs (job order), each context with its group's history, the closed weekdays and the promotion prior. */
  skuJobs: SeriesJob[];
}

/** A group's history up to the end of `series` (what a SKU's members may borrow: nothing after its last day). */
export function groupHistoryFor(group: GroupHistory, series: Series): GroupHistory {
  return {
    start: group.start,
    y: group.y.slice(0, periodsBetween(group.start, dateAt(series, series.y.length), series.freq)),
  };
}

/**
 * The hierarchy's panel-wide context (step 1): the groups and the total, the shop's closed weekdays, the SKUs'
 * pooled promotion lift, and each SKU's context with its group's history, those weekdays and that lift, unless
 * the caller set them. The training service computes it once per run and hands each batch its SKUs' share
 * (their group's history, the weekdays, the promotion prior).
 */
export function hierarchyContexts(jobs: readonly HierarchyJob[]): HierarchyContexts {
  const names = [...new Set(jobs.map((j) => j.group ?? ''))].sort();
  const byGroup = new Map(names.map((g) => [g, jobs.filter((j) => (j.group ?? '') === g)]));
  const groupSeries = new Map(
    names.map((g) => [
      g,
      sumSeries(
        g,
        byGroup.get(g)!.map((j) => j.series),
      ),
    ]),
  );
  const total = sumSeries('total', [...groupSeries.values()]);
  const totalContext = aggregateContext(total, jobs, []);
  const closedWeekdays = closedWeekdaysOf(total, totalContext.disruptions);
  const totalDisrupted = disruptionMask(total.y.length, totalContext.disruptions);
  const groupHistories = new Map(
    names.map((g) => {
      const offset = periodsBetween(total.start, groupSeries.get(g)!.start, total.freq);
      const members = byGroup.get(g)!.map((j) => j.series);
      return [g, linkedGroupHistory(g, members, totalDisrupted.slice(offset))];
    }),
  );
  const promotionPrior = panelPromotionPrior(
    jobs.map((j) => ({ y: j.series.y, freq: j.series.freq, context: j.context })),
  );
  const skuJobs: SeriesJob[] = jobs.map((j) => {
    const g = groupHistories.get(j.group ?? '')!;
    const context: FitContext = {
      ...j.context,
      group: j.context.group ?? groupHistoryFor(g, j.series),
      ...(j.context.closedWeekdays === undefined && closedWeekdays.length > 0 && { closedWeekdays }),
      ...(j.context.promotionPrior === undefined && promotionPrior && { promotionPrior }),
    };
    return { series: j.series, context };
  });
  return {
    names,
    byGroup,
    groupSeries,
    groupHistories,
    total,
    totalContext,
    closedWeekdays,
    ...(promotionPrior && { promotionPrior }),
    skuJobs,
  };
}

/**
 * The jobs that forecast the aggregates of step 2: each group's demand (in `names` order), then the total, each
 * with its longest SKU's disruptions and the shop's closed weekdays.
 */
export function aggregateJobsOf(ctx: HierarchyContexts): SeriesJob[] {
  const { names, byGroup, groupSeries, total, totalContext, closedWeekdays } = ctx;
  return [
    ...names.map((g) => ({
      series: groupSeries.get(g)!,
      context: aggregateContext(groupSeries.get(g)!, byGroup.get(g)!, closedWeekdays),
    })),
    { series: total, context: { ...totalContext, ...(closedWeekdays.length > 0 && { closedWeekdays }) } },
  ];
}

/** What step 3 reconciles: the SKUs' forecasts, each group's own and the total's (means, same horizon). */
export interface ReconciliationInput {
  /** Each SKU's group ('' for none) and forecast mean. */
  skus: ReadonlyArray<{ group: string; mean: readonly number[] }>;
  /** Each group's own forecast mean; a group missing here takes the sum of its SKUs' as its level. */
  groups: ReadonlyMap<string, readonly number[]>;
  total: readonly number[];
  /** The series' frequency: levels are matched over weeks on daily series, step by step otherwise. */
  freq: Frequency;
  /** The group's own forecast's weight in its reconciled level (default GROUP_WEIGHT). */
  groupWeight?: number;
  /** The total's own forecast's weight in its reconciled level (default TOTAL_WEIGHT; 1: the total as forecast). */
  totalWeight?: number;
}

function assertWeights(weights: { groupWeight: number; totalWeight: number }): void {
  for (const [name, weight] of Object.entries(weights))
    if (!(weight >= 0 && weight <= 1)) throw new Error(`${name} must be in [0, 1], got ${weight}`);
}

/**
 * Step 3 (see the comment at the top): each SKU's factor per step, by which its forecast is multiplied to be
 * reconciled — its group's reconciled level over the sum of its group's SKUs' forecasts, within
 * [1/MAX_RECONCILIATION_FACTOR, MAX_RECONCILIATION_FACTOR]. Pure: forecastHierarchy applies it to the
 * forecasts it just made; the training service to the forecasts of a run's batches and its panel stage's
 * aggregates, and stores the factors in each SKU's model (core/reconciled.ts).
 */
export function reconciliationFactors(input: ReconciliationInput): number[][] {
  const { skus, groupWeight = GROUP_WEIGHT, totalWeight = TOTAL_WEIGHT } = input;
  assertWeights({ groupWeight, totalWeight });
  const block = input.freq === 'daily' ? 7 : 1;
  const horizon = input.total.length;
  if (skus.some((s) => s.mean.length !== horizon))
    throw new Error(`reconciliation: every forecast needs ${horizon} steps`);
  const names = [...new Set(skus.map((s) => s.group))].sort();
  const indexOf = new Map(names.map((g, gi) => [g, gi]));
  // Bottom-up sums, the groups' blended levels, then scaled to the total.
  const skuSum = names.map(() => new Array<number>(horizon).fill(0));
  for (const s of skus) {
    const sum = skuSum[indexOf.get(s.group)!];
    s.mean.forEach((v, k) => (sum[k] += v));
  }
  const blended = names.map((g, gi) => {
    const own = input.groups.get(g);
    if (own && own.length < horizon) throw new Error(`reconciliation: group '${g}' needs ${horizon} steps`);
    return own ? matchBlocks(skuSum[gi], blend(own, skuSum[gi], groupWeight, block), block) : skuSum[gi];
  });
  const groupTotal = new Array<number>(horizon).fill(0);
  blended.forEach((path) => path.forEach((v, k) => (groupTotal[k] += v)));
  const totalLevel = blend(input.total, groupTotal, totalWeight, block);
  const factors = names.map((_, gi) =>
    blended[gi].map((v, k) => {
      const target = groupTotal[k] > 0 ? (v * totalLevel[k]) / groupTotal[k] : 0;
      return skuSum[gi][k] > 0
        ? Math.min(MAX_RECONCILIATION_FACTOR, Math.max(1 / MAX_RECONCILIATION_FACTOR, target / skuSum[gi][k]))
        : 1;
    }),
  );
  return skus.map((s) => factors[indexOf.get(s.group)!].slice());
}

/** Forecasts the SKUs, their groups and the total, and reconciles them (see the comment above). */
export async function forecastHierarchy(
  jobs: readonly HierarchyJob[],
  options: HierarchyOptions,
): Promise<HierarchyResult> {
  if (jobs.length === 0) throw new Error('forecastHierarchy: no jobs');
  const { groupWeight = GROUP_WEIGHT, totalWeight = TOTAL_WEIGHT, ...panel } = options;
  assertWeights({ groupWeight, totalWeight }); // before the fits, not after them
  const contexts = hierarchyContexts(jobs);
  const { names, total, closedWeekdays, skuJobs } = contexts;
  // The global model pools the SKUs only (a category's total is not one more SKU).
  const pooled =
    (panel.globalModel ?? true)
      ? await withGlobalForecasts(skuJobs, { ...panel, groups: jobs.map((j) => j.group) })
      : skuJobs;
  const all = await forecastPanel([...pooled, ...aggregateJobsOf(contexts)], {
    ...panel,
    globalModel: false,
  });
  const skuResults = all.slice(0, jobs.length);
  const groupResults = all.slice(jobs.length, jobs.length + names.length);
  const totalResult = all[all.length - 1];
  const horizon = options.horizon;

  const factors = reconciliationFactors({
    skus: jobs.map((j, i) => ({ group: j.group ?? '', mean: skuResults[i].forecast.mean })),
    groups: new Map(names.map((g, gi) => [g, groupResults[gi].forecast.mean])),
    total: totalResult.forecast.mean,
    freq: total.freq,
    groupWeight,
    totalWeight,
  });
  const reconciled = skuResults.map((r, i) => ({ ...r, forecast: scaleForecast(r.forecast, factors[i]) }));
  const sumOf = (indices: number[]): Forecast => {
    const mean = new Array<number>(horizon).fill(0);
    for (const i of indices) reconciled[i].forecast.mean.forEach((v, k) => (mean[k] += v));
    return { mean, intervals: {} };
  };
  const aggregate = (id: string, base: SeriesResult, indices: number[]): AggregateResult => {
    const summed = sumOf(indices);
    const factor = summed.mean.map((v, k) => (base.forecast.mean[k] > 0 ? v / base.forecast.mean[k] : 0));
    const scaled = scaleForecast(base.forecast, factor);
    return { id, skus: indices.length, base, forecast: { mean: summed.mean, intervals: scaled.intervals } };
  };
  const indicesOf = (g: string) => jobs.map((j, i) => ((j.group ?? '') === g ? i : -1)).filter((i) => i >= 0);
  return {
    skus: reconciled,
    groups: names.map((g, gi) => aggregate(g, groupResults[gi], indicesOf(g))),
    total: aggregate(
      'total',
      totalResult,
      jobs.map((_, i) => i),
    ),
    closedWeekdays,
  };
}

/** weight × a + (1 − weight) × b, matched over blocks (so a's day-to-day noise does not enter b's shape). */
function blend(a: readonly number[], b: readonly number[], weight: number, block: number): number[] {
  const levelOfA = matchBlocks(b, a, block);
  return b.map((v, k) => weight * levelOfA[k] + (1 - weight) * v);
}

/** `shape` rescaled so that each block of `block` steps sums to the same as `level` over it. */
function matchBlocks(shape: readonly number[], level: readonly number[], block: number): number[] {
  const out = shape.slice();
  for (let b = 0; b < shape.length; b += block) {
    const end = Math.min(shape.length, b + block);
    let s = 0;
    let l = 0;
    for (let k = b; k < end; k++) {
      s += shape[k];
      l += Math.max(0, level[k]);
    }
    if (s > 0) for (let k = b; k < end; k++) out[k] = (shape[k] * l) / s;
    // no shape to carry a level (e.g. the SKUs forecast nothing there): nothing, so that the sums stay coherent
    else for (let k = b; k < end; k++) out[k] = 0;
  }
  return out;
}
