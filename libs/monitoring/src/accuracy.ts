/**
 * Realised forecast accuracy as the plan measures it: every published forecast point scored against
 * the actual of its day, aggregated per scope (SKU, category, the top 20 % SKUs by revenue, overall),
 * by horizon bucket and by calendar month.
 */

/** One forecast day with its actual. */
export interface ScoredPoint {
  sku: string;
  category: string;
  /** Forecast day, YYYY-MM-DD. */
  day: string;
  /** Days ahead of the forecast's origin (1 = the day after it). */
  horizon: number;
  actual: number;
  mean: number;
  lower80: number | null;
  upper80: number | null;
  /** Actual of the day before `day` (for directional accuracy); NaN when unknown. */
  previousActual: number;
}

export interface AccuracyFigures {
  points: number;
  /** Percent, over points whose actual is not 0; NaN when none. */
  mape: number;
  /** Percent: 100 * sum |e| / sum actual; NaN when sum actual is 0. */
  wape: number;
  rmse: number;
  mae: number;
  /** Share of points whose move from the previous actual has the right sign (0..1). */
  directionalAccuracy: number;
  /** Share of points inside the 80 % interval (0..1); NaN without intervals. */
  coverage80: number;
}

/** Scores a set of points. Every figure is NaN when there are no points. */
export function score(points: readonly ScoredPoint[]): AccuracyFigures {
  const n = points.length;
  let absSum = 0;
  let sqSum = 0;
  let actualSum = 0;
  let apeSum = 0;
  let apeN = 0;
  let dirOk = 0;
  let dirN = 0;
  let inside = 0;
  let withInterval = 0;
  for (const p of points) {
    const e = p.mean - p.actual;
    absSum += Math.abs(e);
    sqSum += e * e;
    actualSum += p.actual;
    if (p.actual !== 0) {
      apeSum += Math.abs(e) / Math.abs(p.actual);
      apeN++;
    }
    if (Number.isFinite(p.previousActual)) {
      dirN++;
      if (Math.sign(p.actual - p.previousActual) === Math.sign(p.mean - p.previousActual)) dirOk++;
    }
    if (p.lower80 !== null && p.upper80 !== null) {
      withInterval++;
      if (p.actual >= p.lower80 && p.actual <= p.upper80) inside++;
    }
  }
  return {
    points: n,
    mape: apeN ? (100 * apeSum) / apeN : NaN,
    wape: n && actualSum !== 0 ? (100 * absSum) / actualSum : NaN,
    rmse: n ? Math.sqrt(sqSum / n) : NaN,
    mae: n ? absSum / n : NaN,
    directionalAccuracy: dirN ? dirOk / dirN : NaN,
    coverage80: withInterval ? inside / withInterval : NaN,
  };
}

/** Horizon buckets: bounded labels for the horizon dimension. */
export const HORIZON_BUCKETS = ['1-7', '8-14', '15-28', '29+'] as const;
export type HorizonBucket = (typeof HORIZON_BUCKETS)[number];

export function horizonBucket(h: number): HorizonBucket {
  if (h <= 7) return '1-7';
  if (h <= 14) return '8-14';
  if (h <= 28) return '15-28';
  return '29+';
}

/**
 * The SKUs that together make the top `share` of SKUs by revenue (at least one when any has revenue),
 * highest first; ties broken by SKU so the set is stable.
 */
export function topSkusByRevenue(revenue: ReadonlyMap<string, number>, share = 0.2): string[] {
  const ranked = [...revenue.entries()]
    .filter(([, r]) => r > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (ranked.length === 0) return [];
  return ranked.slice(0, Math.max(1, Math.ceil(ranked.length * share))).map(([s]) => s);
}

export type ScopeKind = 'overall' | 'category' | 'top20' | 'sku';

/** One row of the accuracy table: a scope, a horizon bucket ('all' = every horizon), a month ('all'). */
export interface AccuracyRow extends AccuracyFigures {
  scope: ScopeKind;
  /** Category name or SKU; '' for overall and top20. */
  key: string;
  horizon: HorizonBucket | 'all';
  /** YYYY-MM or 'all'. */
  month: string;
}

/**
 * Aggregates scored points into every (scope, key) × (horizon bucket or all) × (month or all) cell.
 * Per-SKU rows are produced only with `horizon = month = 'all'` to keep that dimension small.
 */
export function aggregate(points: readonly ScoredPoint[], topSkus: readonly string[]): AccuracyRow[] {
  const top = new Set(topSkus);
  const cells = new Map<string, { scope: ScopeKind; key: string; horizon: string; month: string; pts: ScoredPoint[] }>();
  const add = (scope: ScopeKind, key: string, horizon: string, month: string, p: ScoredPoint) => {
    const id = `${scope}|${key}|${horizon}|${month}`;
    let c = cells.get(id);
    if (!c) cells.set(id, (c = { scope, key, horizon, month, pts: [] }));
    c.pts.push(p);
  };
  for (const p of points) {
    const buckets = ['all', horizonBucket(p.horizon)];
    const months = ['all', p.day.slice(0, 7)];
    for (const h of buckets)
      for (const m of months) {
        add('overall', '', h, m, p);
        if (p.category) add('category', p.category, h, m, p);
        if (top.has(p.sku)) add('top20', '', h, m, p);
      }
    add('sku', p.sku, 'all', 'all', p);
  }
  return [...cells.values()]
    .map((c) => ({ scope: c.scope, key: c.key, horizon: c.horizon as AccuracyRow['horizon'], month: c.month, ...score(c.pts) }))
    .sort((a, b) =>
      `${a.scope}|${a.key}|${a.horizon}|${a.month}` < `${b.scope}|${b.key}|${b.horizon}|${b.month}` ? -1 : 1,
    );
}
