import { defineModel } from '../../core/model-support';
import { Capabilities, FitContext, ModelFitError, ModelSpec } from '../../core/types';
import { difference, driftEstimate, ndiffs, nsdiffs } from './order-selection';
import { ArimaSummary, parseArimaSummary } from './summary';
import { ArimaPackageOptions, ArimaRun, runArima } from './wasm';

/**
 * The ARIMA family on the `arima` package (ctsa compiled to WASM): fixed-order ARIMA, seasonal ARIMA
 * and automatic ARIMA. Exact maximum likelihood after a CSS start, L-BFGS. Intervals are normal, from
 * the package's forecast variance.
 *
 * auto_arima: by default the package's AutoARIMA (stepwise, approximate likelihood during the search).
 * `search: 'stepwise'` runs our own Hyndman–Khandakar search instead (as R's `forecast::auto.arima`: D by
 * STL seasonal strength, d by KPSS, stepwise AICc over (p, q, P, Q) and a drift term the package lacks),
 * each candidate a fixed-order fit of the package. Measured on M3 monthly samples (sMAPE, h = 18; loaded
 * 2-core machine): 60 series — package 20.95, stepwise 20.91, seasonal naive 17.70; 90 series with
 * max (2,2,2) — package 22.81 (1.1 s/series), stepwise 25.12 (1.9 s/series). Neither matches R's
 * auto.arima (15.02 on all 1,428) nor the fixed airline model (15.01 vs seasonal naive 16.75 on 179
 * series), so the package's search stays the default (faster, no worse) and the ensemble's backtest
 * weights decide how much either counts. See the package README, "Known AutoARIMA limitations".
 *
 * Fitting runs the C code once: it estimates, forecasts `cachedSteps(context)` ahead and frees the C
 * model immediately (wasm.ts), so a FittedModel holds only numbers and never leaks WASM memory.
 *
 * Serialisation: the package cannot save a fitted model. The JSON therefore holds the options, the
 * (prepared) training series, what was estimated (orders, coefficients: informational) and the cached
 * forecast. `fromJSON` needs no WASM for horizons up to the cached length; a longer horizon re-runs the
 * fit on the stored series, which is deterministic (same options + same data = same estimates; for
 * AutoARIMA the same search), so the restored model forecasts exactly as the original would have.
 */

export type Order = [number, number, number];

export interface ArimaModelOptions {
  /** (p, d, q); default (1, 1, 1). */
  order?: Order;
}

export interface SarimaModelOptions {
  /** (p, d, q); default (0, 1, 1), the airline model. */
  order?: Order;
  /** (P, D, Q) at the context's season period; default (0, 1, 1). */
  seasonalOrder?: Order;
}

export interface AutoArimaModelOptions {
  /** Largest (p, d, q) searched; default (3, 2, 3). */
  maxOrder?: Order;
  /**
   * Largest (P, D, Q) searched; default (1, 1, 1). The package's own default (2, 1, 2) costs about
   * 4–5x the time on monthly series for models that rarely win (measured: ~100 ms vs ~460 ms per
   * 100-point monthly series), so the seasonal AR/MA orders stop at 1 unless asked.
   */
  maxSeasonalOrder?: Order;
  /**
   * 'package' (default): the package's AutoARIMA; 'stepwise': our Hyndman–Khandakar search over
   * fixed-order fits, with drift (see above).
   */
  search?: 'stepwise' | 'package';
}

interface ArimaParams {
  options: ArimaPackageOptions;
  /** Drift per step subtracted before fitting (y_t − drift·t) and added back to the forecast; 0 = none. */
  drift: number;
  /** The series the model was fitted on (after repair), for a deterministic re-fit on longer horizons. */
  y: number[];
  fitted: ArimaSummary;
  mean: number[];
  variance: number[];
}

const SCHEMA_VERSION = 1;

const capabilities = (minHistory: number, needsSeasonality: boolean): Capabilities => ({
  needsSeasonality,
  usesExogenous: false,
  minHistory,
  handlesMissing: false,
  nativeIntervals: true,
});

/** Steps forecast at fit time: the largest horizon asked, and at least two seasons / two years of months. */
function cachedSteps(context: FitContext): number {
  return Math.max(context.maxHorizon ?? 0, 2 * Math.max(1, context.seasonPeriod), 24);
}

/** The package's own minimum length for these options (it throws below it; we say it first, by name). */
function minimumLength(o: ArimaPackageOptions): number {
  return o.auto ? Math.max(2 * o.s + o.d, 20) : o.d + o.s * o.D + Math.max(o.p + o.q, 2 * o.s, 10);
}

function run(name: string, y: number[], options: ArimaPackageOptions, steps: number, drift = 0): ArimaRun {
  try {
    const n = y.length;
    const out = runArima(drift ? y.map((v, t) => v - drift * t) : y, options, steps);
    if (drift) out.mean = out.mean.map((m, h) => m + drift * (n + h));
    if (!out.mean.every(Number.isFinite) || !out.variance.every((v) => Number.isFinite(v) && v >= 0))
      throw new Error('the estimation diverged (non-finite forecast or variance)');
    return out;
  } catch (e) {
    throw e instanceof ModelFitError ? e : new ModelFitError(name, (e as Error).message);
  }
}

/** What a fit decided: the package options (fixed orders, or its AutoARIMA), a drift, and their run. */
interface ArimaChoice {
  options: ArimaPackageOptions;
  drift: number;
  out: ArimaRun;
}

function arimaFamilyModel(
  name: string,
  minHistory: number,
  needsSeasonality: boolean,
  choose: (y: number[], context: FitContext, steps: number) => ArimaChoice,
): ModelSpec {
  return defineModel<ArimaParams>({
    name,
    family: 'statistical',
    capabilities: capabilities(minHistory, needsSeasonality),
    schemaVersion: SCHEMA_VERSION,
    fit(y, context) {
      const { options, drift, out } = choose(y, context, cachedSteps(context));
      const fitted = parseArimaSummary(out.summary, options.s);
      // The C optimiser can stop with finite forecasts but a failed likelihood (σ² = nan, e.g. some long
      // daily series): those forecasts come from garbage coefficients, so the fit is refused.
      if (!Number.isFinite(fitted.coefficients.sigma2) || !Number.isFinite(fitted.coefficients.loglik))
        throw new ModelFitError(
          name,
          `the estimation failed (σ² = ${fitted.coefficients.sigma2}, orders ${JSON.stringify(fitted.orders)})`,
        );
      return { options, drift, y: y.slice(), fitted, mean: out.mean, variance: out.variance };
    },
    forecast(params, horizon) {
      const { mean, variance } =
        horizon <= params.mean.length ? params : run(name, params.y, params.options, horizon, params.drift);
      return { mean: mean.slice(0, horizon), sd: variance.slice(0, horizon).map(Math.sqrt) };
    },
  });
}

/** One fit with the given options, after checking the package's minimum length (named error). */
function fixedChoice(name: string, y: number[], options: ArimaPackageOptions, steps: number): ArimaChoice {
  const need = minimumLength(options);
  if (y.length < need)
    throw new ModelFitError(
      name,
      `needs at least ${need} observations for ${JSON.stringify(options)}, got ${y.length}`,
    );
  return { options, drift: 0, out: run(name, y, options, steps) };
}

/** AICc of a fixed-order fit from the package's log-likelihood (k counts σ², a mean when undifferenced, drift). */
function aicc(y: number[], choice: ArimaChoice): number {
  const o = choice.options;
  const { loglik } = parseArimaSummary(choice.out.summary, o.s).coefficients;
  const k = o.p + o.q + o.P + o.Q + (o.d + o.D === 0 ? 1 : 0) + (choice.drift ? 1 : 0) + 1;
  const nEff = y.length - o.d - o.D * o.s;
  return nEff - k - 1 > 0 && Number.isFinite(loglik)
    ? -2 * loglik + 2 * k + (2 * k * (k + 1)) / (nEff - k - 1)
    : Infinity;
}

/**
 * Hyndman & Khandakar's stepwise search (R's auto.arima, stepwise = TRUE): D from seasonal strength,
 * d from KPSS on the seasonally differenced series, four starting models, then moves of ±1 in p, q,
 * P, Q (and p, q together) and toggling the drift, while AICc improves. Each candidate is a fixed
 * exact-ML fit; failures are skipped.
 */
function stepwiseChoice(
  name: string,
  y: number[],
  period: number,
  max: { p: number; d: number; q: number; P: number; D: number; Q: number },
  steps: number,
): ArimaChoice {
  const seasonal = period > 1 && y.length >= 2 * period + 2;
  const s = seasonal ? period : 0;
  const D = seasonal ? Math.min(max.D, nsdiffs(y, period)) : 0;
  const d = ndiffs(D ? difference(y, s) : y, max.d);
  const driftAllowed = d + D === 1;
  const drift = driftAllowed ? driftEstimate(y, D ? s : 1) : 0;

  const scores = new Map<string, { score: number; choice?: ArimaChoice }>();
  const evaluate = (p: number, q: number, P: number, Q: number, withDrift: boolean) => {
    const key = [p, q, P, Q, withDrift].join();
    const known = scores.get(key);
    if (known) return known.score;
    let entry: { score: number; choice?: ArimaChoice } = { score: Infinity };
    const options = { p, d, q, P: s ? P : 0, D, Q: s ? Q : 0, s: s && P + D + Q > 0 ? s : 0, auto: false };
    if (y.length >= minimumLength(options))
      try {
        const choice = {
          options,
          drift: withDrift ? drift : 0,
          out: run(name, y, options, steps, withDrift ? drift : 0),
        };
        entry = { score: aicc(y, choice), choice };
      } catch {
        // A candidate the optimiser cannot fit is simply not chosen.
      }
    scores.set(key, entry);
    return entry.score;
  };

  type Point = [number, number, number, number, boolean];
  const starts: Point[] = [
    [2, 2, 1, 1, driftAllowed],
    [0, 0, 0, 0, driftAllowed],
    [1, 0, 1, 0, driftAllowed],
    [0, 1, 0, 1, driftAllowed],
  ];
  const inBounds = ([p, q, P, Q]: Point) =>
    p >= 0 &&
    q >= 0 &&
    P >= 0 &&
    Q >= 0 &&
    p <= max.p &&
    q <= max.q &&
    P <= (s ? max.P : 0) &&
    Q <= (s ? max.Q : 0);
  let best: Point | undefined;
  let bestScore = Infinity;
  for (const pt of starts.filter(inBounds)) {
    const score = evaluate(...pt);
    if (score < bestScore) [best, bestScore] = [pt, score];
  }
  for (let improved = true; improved && best && scores.size < 80;) {
    improved = false;
    const [p, q, P, Q, dr] = best;
    const moves: Point[] = [
      [p + 1, q, P, Q, dr],
      [p - 1, q, P, Q, dr],
      [p, q + 1, P, Q, dr],
      [p, q - 1, P, Q, dr],
      [p + 1, q + 1, P, Q, dr],
      [p - 1, q - 1, P, Q, dr],
      [p, q, P + 1, Q, dr],
      [p, q, P - 1, Q, dr],
      [p, q, P, Q + 1, dr],
      [p, q, P, Q - 1, dr],
      ...(driftAllowed ? [[p, q, P, Q, !dr] as Point] : []),
    ];
    for (const pt of moves.filter(inBounds)) {
      const score = evaluate(...pt);
      if (score < bestScore) [best, bestScore, improved] = [pt, score, true];
    }
  }
  const chosen = best && scores.get(best.join())?.choice;
  if (!chosen) throw new ModelFitError(name, `no ARIMA candidate could be fitted (d = ${d}, D = ${D})`);
  return chosen;
}

function checkOrder(name: string, label: string, order: Order): Order {
  if (order.length !== 3 || !order.every((k) => Number.isInteger(k) && k >= 0))
    throw new Error(`${name}: ${label} must be three non-negative integers, got ${JSON.stringify(order)}`);
  return order;
}

/** Non-seasonal ARIMA(p, d, q) with fixed orders (`arima`). */
export function createArimaModel(options: ArimaModelOptions = {}, name = 'arima'): ModelSpec {
  const [p, d, q] = checkOrder(name, 'order', options.order ?? [1, 1, 1]);
  return arimaFamilyModel(name, d + Math.max(p + q, 10), false, (y, _context, steps) =>
    fixedChoice(name, y, { p, d, q, P: 0, D: 0, Q: 0, s: 0, auto: false }, steps),
  );
}

/** Seasonal ARIMA(p, d, q)(P, D, Q)m with fixed orders, m = the context's season period (`sarima`). */
export function createSarimaModel(options: SarimaModelOptions = {}, name = 'sarima'): ModelSpec {
  const [p, d, q] = checkOrder(name, 'order', options.order ?? [0, 1, 1]);
  const [P, D, Q] = checkOrder(name, 'seasonalOrder', options.seasonalOrder ?? [0, 1, 1]);
  return arimaFamilyModel(name, 24, true, (y, context, steps) => {
    if (!(context.seasonPeriod > 1))
      throw new ModelFitError(name, `needs a season period > 1, got ${context.seasonPeriod}`);
    return fixedChoice(name, y, { p, d, q, P, D, Q, s: context.seasonPeriod, auto: false }, steps);
  });
}

/**
 * Automatic ARIMA (`auto_arima`), seasonal when the period is > 1 and the series holds two seasons,
 * else non-seasonal. The package's AutoARIMA by default, our stepwise search with `search: 'stepwise'`.
 */
export function createAutoArimaModel(options: AutoArimaModelOptions = {}, name = 'auto_arima'): ModelSpec {
  const [p, d, q] = checkOrder(name, 'maxOrder', options.maxOrder ?? [3, 2, 3]);
  const [P, D, Q] = checkOrder(name, 'maxSeasonalOrder', options.maxSeasonalOrder ?? [1, 1, 1]);
  if (options.search === 'stepwise')
    return arimaFamilyModel(name, 20, false, (y, context, steps) =>
      stepwiseChoice(name, y, context.seasonPeriod, { p, d, q, P, D, Q }, steps),
    );
  return arimaFamilyModel(name, 20, false, (y, context, steps) => {
    const s = context.seasonPeriod > 1 && y.length >= 2 * context.seasonPeriod + d ? context.seasonPeriod : 0;
    const common = { p, d, q, auto: true, approximation: 1, search: 1 };
    return fixedChoice(
      name,
      y,
      s > 0 ? { ...common, P, D, Q, s } : { ...common, P: 0, D: 0, Q: 0, s: 0 },
      steps,
    );
  });
}

export const arimaModel = createArimaModel();
export const sarimaModel = createSarimaModel();
export const autoArimaModel = createAutoArimaModel();
export const arimaModels: ModelSpec[] = [arimaModel, sarimaModel, autoArimaModel];

/** What a fitted ARIMA-family model estimated (orders, coefficients in R's sign convention), from its JSON. */
export function arimaFitSummary(json: { params: unknown }): ArimaSummary {
  const params = json.params as Partial<ArimaParams> | null;
  if (!params?.fitted) throw new Error('not a serialized ARIMA-family model (no fitted summary)');
  return params.fitted;
}
