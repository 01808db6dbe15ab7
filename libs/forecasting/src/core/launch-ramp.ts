/**
 * How demand ramps up after a launch, learned from a panel's own past launches.
 *
 * A new product is not found at once: shoppers, search and recommendations discover it over weeks, and its
 * demand climbs toward its mature level. Members fitted on a young SKU's few weeks read a level (and at most a
 * short, damped trend) from them and carry it on, so the forecast stays below what the climb still to come will
 * bring. How steep and how long the climb is differs per shop, so it is not assumed: it is read from the SKUs of
 * the same panel that launched within the data and have sold for long enough since.
 *
 * - **Learning** (`learnLaunchRamp`): demand is measured against the SKU's peers (its category's other SKUs on
 *   the same days), so that the season and the shop's own trend or recovery are not taken for the ramp. For
 *   each launched SKU with the history for it, its mature share of its peers' demand (ages RAMP_DAYS …
 *   RAMP_DAYS + MATURE_DAYS − 1, in days since its first sale) and, per BUCKET_DAYS-day bucket of age before
 *   that, its demand against that share × the peers' demand. Pooled over SKUs (Σ demand / Σ expected, so a SKU
 *   counts by its volume, as in WAPE), each bucket's ratio is shrunk toward 1 on the log scale by
 *   m / (m + PRIOR_SKUS). The day of the first sale is left out: it is a sale by definition, which for a sparse
 *   SKU is far above its rate. Days that are not demand (shutdowns, promotions) are left out of both sides. Fewer than
 *   MIN_SKUS launched SKUs: no profile (every factor 1).
 * - **Applying** (`launchRampFactors`): the forecast of a SKU `age` days after its first sale is multiplied, at
 *   step k, by r(age + k) / r̄, r̄ the profile's mean over the base window (the last RUN_DOWN_BASE_DAYS days of
 *   history, where the members read the SKU's level from): only the climb still to come is added. A shop whose
 *   products sell at their mature level from the first week learns r ≈ 1. `rampBeyondForecast` then takes off
 *   the growth the forecast already has, so a member that extrapolates a trend does not get the climb twice.
 */
import { BUCKET_DAYS, bucketProfileAt, MAX_FACTOR, pooledProfile, RUN_DOWN_BASE_DAYS } from './run-down';

/** Days since the first sale that the ramp is learned over (and applied within). */
export const RAMP_DAYS = 126;
/** Days after the ramp window whose share of the peers' demand is the SKU's mature level. */
export const MATURE_DAYS = 56;

/** A SKU that launched within the data: its daily demand from its first sale on, and its peers' on the same days. */
export interface LaunchedSeries {
  id?: string;
  /** Daily units, the first one on the day of the first sale. NaN = unknown. */
  y: readonly number[];
  /** The peers' daily units on the same days (the category's other SKUs): the season and the shop's trend. */
  peers: readonly number[];
  /** true where a day is not demand (a shutdown, a promotion): left out. Aligned with y. */
  skip?: readonly boolean[];
}

export interface LaunchProfile {
  /** Ratio of demand to the mature share per bucket: index b covers ages b·BUCKET_DAYS … (b + 1)·BUCKET_DAYS − 1. */
  buckets: number[];
  /** Launched SKUs it was learned from. */
  skus: number;
}

/** The launch ramp of a panel's launched SKUs, or undefined when fewer than MIN_SKUS have the history for it. */
export function learnLaunchRamp(launched: readonly LaunchedSeries[]): LaunchProfile | undefined {
  const count = RAMP_DAYS / BUCKET_DAYS;
  return pooledProfile(
    launched.map((s) => {
      if (s.y.length < RAMP_DAYS + MATURE_DAYS) return undefined;
      const ok = (i: number) => Number.isFinite(s.y[i]) && s.peers[i] > 0 && !s.skip?.[i];
      let own = 0;
      let peers = 0;
      let days = 0;
      for (let i = RAMP_DAYS; i < RAMP_DAYS + MATURE_DAYS; i++)
        if (ok(i)) {
          own += s.y[i];
          peers += s.peers[i];
          days++;
        }
      if (days < MATURE_DAYS / 2 || !(own > 0)) return undefined;
      const share = own / peers;
      const demand = new Array<number>(count).fill(0);
      const expected = new Array<number>(count).fill(0);
      const bucketDays = new Array<number>(count).fill(0);
      // from day 1: the first sale's day is a sale by definition (for a sparse SKU, far above its rate)
      for (let i = 1; i < RAMP_DAYS; i++) {
        if (!ok(i)) continue;
        const b = Math.floor(i / BUCKET_DAYS);
        demand[b] += s.y[i];
        expected[b] += share * s.peers[i];
        bucketDays[b]++;
      }
      // a SKU whose first weeks lie mostly in a shutdown says little: it needs half of each bucket's days
      if (bucketDays.some((n) => n < BUCKET_DAYS / 2)) return undefined;
      return { demand, expected };
    }),
    count,
  );
}

/** The ramp at `age` days since the first sale (age ≥ 0): between bucket centres linear, toward 1 past the window. */
export function launchRampAt(profile: LaunchProfile, age: number): number {
  return bucketProfileAt(profile.buckets, age + 1);
}

/**
 * Multipliers for steps 1..horizon of a SKU whose last day of history is `age` days after its first sale
 * (age 0: it first sold on the last day). Without a profile, or for a SKU that launched before the data
 * (age undefined), every factor is 1.
 */
export function launchRampFactors(
  profile: LaunchProfile | undefined,
  age: number | undefined,
  horizon: number,
): number[] {
  const ones = new Array<number>(horizon).fill(1);
  if (!profile || age === undefined || age < 0) return ones;
  const r = (a: number) => launchRampAt(profile, a);
  let base = 0;
  let days = 0;
  for (let a = Math.max(0, age - RUN_DOWN_BASE_DAYS + 1); a <= age; a++) {
    base += r(a);
    days++;
  }
  base /= days;
  if (!(base > 0)) return ones;
  return ones.map((_, k) => Math.min(MAX_FACTOR, Math.max(1 / MAX_FACTOR, r(age + k + 1) / base)));
}

/** Days whose mean demand is the level the ramp is measured from (the base window the members read it from). */
export const RAMP_LEVEL_DAYS = RUN_DOWN_BASE_DAYS;

/** The SKU's mean daily demand over its last RAMP_LEVEL_DAYS days (days not known left out). */
export function recentLevel(y: readonly number[]): number {
  const last = y.slice(-RAMP_LEVEL_DAYS).filter((v) => Number.isFinite(v));
  return last.length > 0 ? last.reduce((a, b) => a + b, 0) / last.length : 0;
}

/**
 * The launch ramp's factors less the growth the forecast already has: members that extrapolate a trend (Theta's
 * drift, a damped trend) carry part of a young SKU's climb themselves, and the full ramp on top would count it
 * twice. Week by week, the forecast's growth g is its mean over the recent level; a ramp r ≥ 1 becomes
 * max(1, r / max(1, g)) (only the climb the forecast does not have yet), a ramp r < 1 min(1, r / min(1, g)).
 */
export function rampBeyondForecast(
  ramp: readonly number[],
  forecast: readonly number[],
  level: number,
): number[] {
  if (!(level > 0) || ramp.every((r) => r === 1)) return ramp.slice();
  const out = ramp.slice();
  for (let w = 0; w * 7 < ramp.length; w++) {
    const steps = Array.from({ length: Math.min(7, ramp.length - w * 7) }, (_, j) => w * 7 + j);
    const g = steps.reduce((a, k) => a + (forecast[k] ?? 0), 0) / steps.length / level;
    for (const k of steps) {
      const r = ramp[k];
      out[k] = r >= 1 ? Math.max(1, r / Math.max(1, g)) : Math.min(1, r / Math.min(1, g));
    }
  }
  return out;
}
