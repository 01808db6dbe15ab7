/**
 * Error drift: sequential change detection on scaled forecast errors. Page–Hinkley detects a
 * sustained shift of the mean error in either direction; the errors are scaled (by the mean absolute
 * day-to-day change of the reference actuals, as MASE does) so one threshold fits every SKU.
 */

export interface PageHinkleyOptions {
  /** Allowed drift of the mean per step (in scaled units) before evidence accumulates. */
  delta: number;
  /** Alarm threshold on the accumulated evidence. */
  lambda: number;
}

export const DEFAULT_PAGE_HINKLEY: PageHinkleyOptions = { delta: 0.5, lambda: 8 };

export interface PageHinkleyResult {
  /** max(up, down) evidence at the end of the sequence. */
  statistic: number;
  /** Index of the first observation at which the statistic crossed lambda; -1 when never. */
  alarmAt: number;
  alarm: boolean;
  /** Direction of the shift that alarmed (or would): +1 forecasts too low (actual above), -1 too high. */
  direction: 1 | -1;
}

/**
 * Two-sided Page–Hinkley test. The running mean is estimated from the first `warmup` observations
 * only (the expected error level), so a shift later on is not absorbed into it.
 */
export function pageHinkley(xs: readonly number[], o: PageHinkleyOptions = DEFAULT_PAGE_HINKLEY, warmup = 0): PageHinkleyResult {
  const base = warmup > 0 && xs.length > warmup ? xs.slice(0, warmup).reduce((a, b) => a + b, 0) / warmup : 0;
  let up = 0;
  let mUp = 0;
  let down = 0;
  let mDown = 0;
  let alarmAt = -1;
  let statistic = 0;
  let direction: 1 | -1 = 1;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] - base;
    up += x - o.delta;
    mUp = Math.min(mUp, up);
    down += -x - o.delta;
    mDown = Math.min(mDown, down);
    const su = up - mUp;
    const sd = down - mDown;
    statistic = Math.max(su, sd);
    direction = su >= sd ? 1 : -1;
    if (alarmAt < 0 && statistic > o.lambda) alarmAt = i;
  }
  return { statistic, alarmAt, alarm: statistic > o.lambda, direction };
}

/** Errors (actual - forecast) divided by the mean absolute day-to-day change of `scaleFrom`. */
export function scaledErrors(actual: readonly number[], forecast: readonly number[], scaleFrom: readonly number[]): number[] {
  let s = 0;
  for (let i = 1; i < scaleFrom.length; i++) s += Math.abs(scaleFrom[i] - scaleFrom[i - 1]);
  const scale = scaleFrom.length > 1 ? s / (scaleFrom.length - 1) : 0;
  const denom = scale > 0 ? scale : Math.max(1, Math.abs(scaleFrom.reduce((a, b) => a + b, 0) / Math.max(1, scaleFrom.length)));
  return actual.map((a, i) => (a - forecast[i]) / denom);
}
