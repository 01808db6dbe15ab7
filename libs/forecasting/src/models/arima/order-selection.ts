import { mean, standardDeviation } from '../../core/stats';
import { stl } from '../decomposition/stl';

/**
 * The unit-root and seasonality tests of Hyndman & Khandakar's auto.arima (R `forecast::ndiffs`,
 * `nsdiffs`), used by our own order search (auto_arima with `search: 'stepwise'`, see arima.ts).
 */

/** KPSS level-stationarity statistic with the short Newey–West lag trunc(4·(n/100)^¼), as urca's ur.kpss. */
export function kpssStatistic(y: readonly number[]): number {
  const n = y.length;
  const m = mean(y);
  const e = y.map((v) => v - m);
  let s = 0;
  let num = 0;
  for (const v of e) {
    s += v;
    num += s * s;
  }
  num /= n * n;
  const lags = Math.trunc(4 * (n / 100) ** 0.25);
  let lrv = e.reduce((acc, v) => acc + v * v, 0) / n;
  for (let k = 1; k <= lags; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += e[t] * e[t - k];
    lrv += (2 * (1 - k / (lags + 1)) * c) / n;
  }
  return lrv > 0 ? num / lrv : 0;
}

/** 5 % critical value of the KPSS level test. */
const KPSS_CRITICAL = 0.463;

export function difference(y: readonly number[], lag = 1): number[] {
  const out: number[] = [];
  for (let t = lag; t < y.length; t++) out.push(y[t] - y[t - lag]);
  return out;
}

/** Number of first differences (0..maxD) after which KPSS no longer rejects stationarity (R's ndiffs). */
export function ndiffs(y: readonly number[], maxD = 2): number {
  let x = y.slice();
  let d = 0;
  while (d < maxD && x.length > 10 && standardDeviation(x) > 0 && kpssStatistic(x) > KPSS_CRITICAL) {
    x = difference(x);
    d++;
  }
  return d;
}

/**
 * Seasonal differences (0 or 1) by STL seasonal strength, R's nsdiffs(test = "seas"):
 * F_s = max(0, 1 − var(remainder) / var(seasonal + remainder)) > 0.64.
 */
export function nsdiffs(y: readonly number[], period: number): number {
  if (period < 2 || y.length < 2 * period + 1 || !(standardDeviation(y) > 0)) return 0;
  const { seasonal, remainder } = stl(y, period, { seasonalWindow: 13 });
  const detrended = seasonal.map((s, i) => s + remainder[i]);
  const vr = standardDeviation(remainder) ** 2;
  const vd = standardDeviation(detrended) ** 2;
  const strength = vd > 0 ? Math.max(0, 1 - vr / vd) : 0;
  return strength > 0.64 ? 1 : 0;
}

/**
 * Drift per step for a model with one difference in total (d + D = 1): the mean of the differenced
 * series divided by the lag. The package's fixed-order fit has no drift term, so a model "with drift"
 * is fitted to y_t − drift·t (the same model, with the drift at its moment estimate) and the search
 * keeps it only when it lowers AICc, as R's auto.arima does with its drift term.
 */
export function driftEstimate(y: readonly number[], lag: number): number {
  const diffs = difference(y, lag);
  return diffs.length ? mean(diffs) / lag : 0;
}
