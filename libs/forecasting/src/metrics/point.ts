import { usablePairs } from './pairs';

/**
 * Point-forecast accuracy metrics. Conventions, shared by all of them:
 *  - `actual` and `forecast` are aligned arrays of equal length (else RangeError);
 *  - a position where either is NaN/±Infinity is skipped (not observed, or not forecast);
 *  - the result is NaN when no position is usable;
 *  - percentage metrics (MAPE, sMAPE, WAPE) are in percent (100 = 100 %), as in the M3/M4 tables.
 */

/** MAPE with what it had to leave out: `skippedZeros` positions had a zero actual (undefined ratio). */
export interface MapeResult {
  /** Mean of 100·|y − f| / |y| over the usable positions with y ≠ 0 (NaN if none). */
  value: number;
  /** Positions used. */
  used: number;
  /** Positions skipped because the actual was 0. */
  skippedZeros: number;
  /** Positions skipped because the actual or the forecast was not finite. */
  skippedMissing: number;
}

/** MAPE in percent, with counts of the positions it skipped (zero actuals, missing values). */
export function mapeDetail(actual: readonly number[], forecast: readonly number[]): MapeResult {
  const idx = usablePairs('mape', actual, forecast);
  let s = 0;
  let used = 0;
  for (const i of idx) {
    if (actual[i] === 0) continue;
    s += Math.abs(actual[i] - forecast[i]) / Math.abs(actual[i]);
    used++;
  }
  return {
    value: used === 0 ? NaN : (100 * s) / used,
    used,
    skippedZeros: idx.length - used,
    skippedMissing: actual.length - idx.length,
  };
}

/** Mean absolute percentage error, percent; zero actuals are skipped (see mapeDetail for how many). */
export function mape(actual: readonly number[], forecast: readonly number[]): number {
  return mapeDetail(actual, forecast).value;
}

/**
 * The business's "accuracy" figure: 100 − MAPE (percent). It can be negative when MAPE > 100 %;
 * it is not clipped, so that a terrible forecast is not reported as merely "0 % accurate".
 */
export function accuracyFromMape(mapePercent: number): number {
  return 100 - mapePercent;
}

/**
 * Symmetric MAPE as in the M3 tables (Makridakis & Hibon 2000) and the M4 code: mean of
 * 200·|y − f| / (|y| + |f|), in [0, 200]. A position where y = f = 0 counts as 0 (a perfect forecast of
 * nothing), not as 0/0.
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  const idx = usablePairs('smape', actual, forecast);
  if (idx.length === 0) return NaN;
  let s = 0;
  for (const i of idx) {
    const denom = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (denom > 0) s += (200 * Math.abs(actual[i] - forecast[i])) / denom;
  }
  return s / idx.length;
}

/**
 * Weighted absolute percentage error, percent: 100·Σ|y − f| / Σ|y| (MAE relative to mean |actual|).
 * Unlike MAPE it is defined with zero actuals; it is NaN when every usable actual is 0.
 */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  const idx = usablePairs('wape', actual, forecast);
  let num = 0;
  let den = 0;
  for (const i of idx) {
    num += Math.abs(actual[i] - forecast[i]);
    den += Math.abs(actual[i]);
  }
  return den === 0 ? NaN : (100 * num) / den;
}

/** Mean absolute error. */
export function mae(actual: readonly number[], forecast: readonly number[]): number {
  const idx = usablePairs('mae', actual, forecast);
  if (idx.length === 0) return NaN;
  let s = 0;
  for (const i of idx) s += Math.abs(actual[i] - forecast[i]);
  return s / idx.length;
}

/** Root mean squared error. */
export function rmse(actual: readonly number[], forecast: readonly number[]): number {
  const idx = usablePairs('rmse', actual, forecast);
  if (idx.length === 0) return NaN;
  let s = 0;
  for (const i of idx) s += (actual[i] - forecast[i]) ** 2;
  return Math.sqrt(s / idx.length);
}

/**
 * In-sample MAE of the seasonal naive forecast with lag `seasonPeriod`: the MASE denominator
 * (Hyndman & Koehler 2006). Pairs with a non-finite value are skipped. When the sample is too short for
 * the seasonal lag (length ≤ seasonPeriod), lag 1 is used, as the M4 code does for short series.
 */
export function naiveScale(insample: readonly number[], seasonPeriod: number): number {
  const lag =
    Math.max(1, Math.floor(seasonPeriod)) < insample.length ? Math.max(1, Math.floor(seasonPeriod)) : 1;
  let s = 0;
  let n = 0;
  for (let i = lag; i < insample.length; i++) {
    const d = insample[i] - insample[i - lag];
    if (Number.isFinite(d)) {
      s += Math.abs(d);
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}

/**
 * Mean absolute scaled error: MAE of the forecast / in-sample MAE of the seasonal naive (see naiveScale).
 * 1 means "as good in the test as seasonal naive was in-sample". A constant in-sample series has scale 0:
 * the result is then Infinity for any error, and NaN for a perfect forecast.
 */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  insample: readonly number[],
  seasonPeriod: number,
): number {
  return mae(actual, forecast) / naiveScale(insample, seasonPeriod);
}
