/**
 * How demand runs down before a planned end of sale, learned from a panel's own past discontinuations.
 *
 * A SKU master may say when a SKU stops being sold (`discontinued_on`, a planned date). The forecast is 0 from
 * that day on; before it, many shops sell a product out: it is no longer replenished, promoted or shown as
 * prominently, and demand falls while the members, fitted on the recent level, carry it on flat. How much and
 * from how far ahead differs per shop, so it is not assumed: it is read from the SKUs of the same panel that
 * have already ended.
 *
 * - **Learning** (`learnRunDown`): for each ended SKU with enough history, its level before the run-down (the
 *   mean demand from RUN_DOWN_DAYS + BASELINE_DAYS to RUN_DOWN_DAYS days before its end) and its demand in
 *   each BUCKET_DAYS-day bucket of "days before the end". Pooled over SKUs (Σ demand / Σ level × days, so a
 *   SKU counts by its volume, as in WAPE), each bucket's ratio is shrunk toward 1 on the log scale by
 *   m / (m + PRIOR_SKUS), m the SKUs behind it. Days that are not demand (shutdowns, promotions) are left out
 *   of both sides. Fewer than MIN_SKUS ended SKUs: no profile (every factor 1).
 * - **Applying** (`runDownFactors`): the forecast of a SKU d days before its end is multiplied by
 *   p(d) / p̄, p̄ the profile's mean over the base window (the last BASE_DAYS days of history, where the
 *   members read the SKU's level from): a SKU already half-way down its run-down has that in its level, and
 *   only the further fall is applied. Between bucket centres p is interpolated linearly; beyond the run-down
 *   window it is 1.
 */

/** Days before the end of sale that the run-down is learned over. */
export const RUN_DOWN_DAYS = 126;
/** Days before the run-down window whose mean demand is the SKU's level before it. */
export const BASELINE_DAYS = 56;
/** Width of the profile's buckets (days). */
export const BUCKET_DAYS = 14;
/** Ended SKUs needed for a profile; with fewer, none is used. */
export const MIN_SKUS = 3;
/** Prior strength, in SKUs, pulling each bucket's ratio toward 1. */
export const PRIOR_SKUS = 3;
/** The factor applied never leaves [1 / MAX_FACTOR, MAX_FACTOR]. */
export const MAX_FACTOR = 3;
/** The base window the members read a SKU's level from (seasonal_ratio's BASE_DAYS). */
export const RUN_DOWN_BASE_DAYS = 28;

/** A SKU that has ended: its daily demand up to the day before its end of sale. */
export interface EndedSeries {
  id?: string;
  /** Daily units, the last one on the day before the end of sale. NaN = unknown. */
  y: readonly number[];
  /** true where a day is not demand (a shutdown, a promotion): left out. Aligned with y. */
  skip?: readonly boolean[];
}

export interface RunDownProfile {
  /** Ratio of demand to the pre-run-down level per bucket: index b covers days b·BUCKET_DAYS + 1 … (b + 1)·BUCKET_DAYS before the end. */
  buckets: number[];
  /** Ended SKUs it was learned from. */
  skus: number;
}

/** The run-down profile of a panel's ended SKUs, or undefined when fewer than MIN_SKUS have the history for it. */
export function learnRunDown(ended: readonly EndedSeries[]): RunDownProfile | undefined {
  const count = RUN_DOWN_DAYS / BUCKET_DAYS;
  return pooledProfile(
    ended.map((s) => {
      const n = s.y.length;
      if (n < RUN_DOWN_DAYS + BASELINE_DAYS) return undefined;
      const ok = (i: number) => Number.isFinite(s.y[i]) && !s.skip?.[i];
      let sum = 0;
      let days = 0;
      for (let i = n - RUN_DOWN_DAYS - BASELINE_DAYS; i < n - RUN_DOWN_DAYS; i++)
        if (ok(i)) {
          sum += s.y[i];
          days++;
        }
      if (days < BASELINE_DAYS / 2 || !(sum > 0)) return undefined;
      const level = sum / days;
      const demand = new Array<number>(count).fill(0);
      const expected = new Array<number>(count).fill(0);
      for (let d = 1; d <= RUN_DOWN_DAYS; d++) {
        const i = n - d;
        if (!ok(i)) continue;
        const b = Math.floor((d - 1) / BUCKET_DAYS);
        demand[b] += s.y[i];
        expected[b] += level;
      }
      // a SKU whose run-down lies mostly in a shutdown says little: it needs half of each bucket's days
      if (expected.some((e) => e < (level * BUCKET_DAYS) / 2)) return undefined;
      return { demand, expected };
    }),
    count,
  );
}

/**
 * SKUs' demand against what they would have sold, per bucket, pooled (Σ demand / Σ expected, so a SKU counts by
 * its volume, as in WAPE) and shrunk toward 1 on the log scale by m / (m + PRIOR_SKUS), m the SKUs that gave
 * buckets (undefined: a SKU that says nothing); undefined with fewer than MIN_SKUS.
 */
export function pooledProfile(
  perSku: ReadonlyArray<{ demand: readonly number[]; expected: readonly number[] } | undefined>,
  count: number,
): { buckets: number[]; skus: number } | undefined {
  const demand = new Array<number>(count).fill(0);
  const expected = new Array<number>(count).fill(0);
  let skus = 0;
  for (const own of perSku) {
    if (!own) continue;
    own.demand.forEach((v, b) => {
      demand[b] += v;
      expected[b] += own.expected[b];
    });
    skus++;
  }
  if (skus < MIN_SKUS) return undefined;
  const weight = skus / (skus + PRIOR_SKUS);
  const buckets = demand.map((v, b) => Math.exp(weight * Math.log(Math.max(v, 1e-9) / expected[b])));
  return { buckets, skus };
}

/** The profile d days before the end (d ≥ 1): interpolated between bucket centres, 1 beyond the window. */
export function runDownAt(profile: RunDownProfile, d: number): number {
  // 1 from the first day of the baseline on (where the profile is 1 by definition), reached without a step
  return bucketProfileAt(profile.buckets, d, RUN_DOWN_DAYS + 1);
}

/**
 * A profile of BUCKET_DAYS-day buckets read at position d ≥ 1 (bucket b covers d = b·BUCKET_DAYS + 1 …
 * (b + 1)·BUCKET_DAYS): linear between bucket centres, the first bucket's value before its centre, and past
 * the last centre toward 1 at `edge` (default: the window's edge + half a bucket; 1 from there on).
 */
export function bucketProfileAt(
  buckets: readonly number[],
  d: number,
  edge = buckets.length * BUCKET_DAYS + BUCKET_DAYS / 2,
): number {
  const centre = (b: number) => b * BUCKET_DAYS + (BUCKET_DAYS + 1) / 2;
  if (d <= centre(0)) return buckets[0];
  const last = buckets.length - 1;
  if (d >= centre(last)) {
    const t = Math.min(1, (d - centre(last)) / Math.max(1e-9, edge - centre(last)));
    return buckets[last] + t * (1 - buckets[last]);
  }
  const b = Math.floor((d - centre(0)) / BUCKET_DAYS);
  const t = (d - centre(b)) / BUCKET_DAYS;
  return buckets[b] + t * (buckets[b + 1] - buckets[b]);
}

/**
 * Multipliers for steps 1..horizon of a SKU whose end of sale is `daysToEnd` days after the last day of
 * history (the end's first day off sale is step daysToEnd; steps from it on get 0). Without a profile, 1
 * before the end.
 */
export function runDownFactors(
  profile: RunDownProfile | undefined,
  daysToEnd: number,
  horizon: number,
): number[] {
  if (!Number.isFinite(daysToEnd)) return new Array<number>(horizon).fill(1);
  const p = (d: number) => (profile ? runDownAt(profile, d) : 1);
  let base = 0;
  for (let j = 0; j < RUN_DOWN_BASE_DAYS; j++) base += p(daysToEnd + j);
  base /= RUN_DOWN_BASE_DAYS;
  return Array.from({ length: horizon }, (_, k) => {
    const d = daysToEnd - (k + 1); // days from step k + 1 to the end
    if (d < 1) return 0;
    const f = base > 0 ? p(d) / base : 1;
    return Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, f));
  });
}
