/**
 * Reads the model summary that ctsa (inside the `arima` package) prints, e.g.
 *
 *   ARIMA Seasonal Order : ( 0, 1, 1) * (0, 1, 1)
 *   MA1              0.401823            0.0896454
 *   SMA1             0.556937            0.0731042
 *   MEAN             0
 *   SIGMA^2          0.0013481
 *   Log Likelihood : 244.697
 *   AIC criterion : -483.393
 *
 * It is the only place the package reveals what it estimated (see wasm.ts).
 *
 * Sign convention: ctsa writes the MA part as x[t] = a[t] − θ·a[t−1] and prints θ; R, statsmodels and
 * Box–Jenkins-with-plus write x[t] = a[t] + θ·a[t−1]. We store R's convention (ma = −printed value) so
 * the numbers compare directly with R's `arima()` output. AR coefficients have the same sign in both.
 */

export interface ArimaOrders {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** Seasonal period used (0 = none). */
  s: number;
}

export interface ArimaCoefficients {
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  /** Estimated mean (0 when the model has none, e.g. after differencing). */
  mean: number;
  /** Innovation variance σ². */
  sigma2: number;
  loglik: number;
  aic: number;
}

export interface ArimaSummary {
  orders: ArimaOrders;
  coefficients: ArimaCoefficients;
}

const num = String.raw`(-?(?:\d+\.?\d*(?:e[+-]?\d+)?|inf|nan))`;

function field(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  return m ? Number(m[1].replace(/^(-?)inf$/, '$1Infinity')) : NaN;
}

/**
 * Parses the last summary in `text` (AutoARIMA prints its candidates first). Throws when the text
 * holds no summary, which means the package changed its output: the caller then cannot report what
 * it fitted.
 */
export function parseArimaSummary(text: string, period: number): ArimaSummary {
  const at = text.lastIndexOf('ARIMA Seasonal Order');
  if (at < 0) throw new Error('arima: the package printed no model summary');
  const body = text.slice(at);
  const order =
    /Seasonal Order\s*:\s*\(\s*(\d+),\s*(\d+),\s*(\d+)\)\s*\*\s*\(\s*(\d+),\s*(\d+),\s*(\d+)\)/.exec(body);
  if (!order) throw new Error('arima: cannot read the model orders from the package summary');
  const [p, d, q, P, D, Q] = order.slice(1, 7).map(Number);
  const terms = (prefix: string, count: number, sign: number) =>
    Array.from(
      { length: count },
      (_, i) => sign * field(body, new RegExp(`^${prefix}${i + 1}\\s+${num}`, 'm')),
    );
  return {
    orders: { p, d, q, P, D, Q, s: P + D + Q > 0 ? period : 0 },
    coefficients: {
      ar: terms('AR', p, 1),
      ma: terms('MA', q, -1),
      sar: terms('SAR', P, 1),
      sma: terms('SMA', Q, -1),
      mean: field(body, new RegExp(`^MEAN\\s+${num}`, 'm')),
      sigma2: field(body, new RegExp(`^SIGMA\\^2\\s+${num}`, 'm')),
      loglik: field(body, new RegExp(`Log Likelihood\\s*:\\s*${num}`)),
      aic: field(body, new RegExp(`AIC criterion\\s*:\\s*${num}`)),
    },
  };
}
