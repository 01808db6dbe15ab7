import { dateAt, parseDate, periodsBetween } from './calendar';
import { disruptionMask, windowMask } from './events';
import { assertHorizon, readModelJson, scaleForecast } from './model-support';
import { LogEstimate, mean, shrunkTowardGroup, SINGLE_YEAR_SE2, variance } from './stats';
import { Capabilities, FitContext, FittedModel, Forecast, ModelSpec, SerializedModel, Series } from './types';

/**
 * The yearly season, carried by members that do not model it (daily series).
 *
 * A daily SKU's local models (ETS, Theta, TSB, the recovery's counterfactual) see a weekly season at most: a
 * yearly one (garden in spring, toys before Christmas) is invisible to them, so their forecasts stay flat
 * across months that the history says differ, and the ensemble dilutes the one member that knows
 * (seasonal_ratio). This wrapper does what classical decomposition does for Theta on monthly data:
 *
 *   1. a month-of-year index s(m) (12 factors, geometric mean 1) is estimated from the history up to the fit's
 *      origin (so backtests never see their own future): each clean calendar month's mean against the
 *      centred 2×12 moving average of the monthly means around it, pooled per calendar month over the years
 *      (Σ month ÷ Σ trend). A month counts when ≥ 90 % of its days are demand (not disrupted, not promoted,
 *      observed) and the twelve months around it do too, so a shutdown year says nothing about the season.
 *   2. A SKU borrows its group's (category's) index, estimated the same way on the group's history, by
 *      empirical Bayes on the log scale, as seasonal_ratio does for its ratios: the group's factor, shrunk
 *      toward 1 by its noise, is the prior; the SKU's own pulls away from it by max(0, 1 − se²/d²), se² the
 *      larger of the between-year variance and the Poisson floor of its units. A new SKU takes its category's
 *      season; one with years of consistent history keeps its own.
 *   3. The member is fitted on y(t) / s(month of t) and its forecast multiplied by s(month of t + h): it
 *      then carries the season from July into August.
 *
 * The members carry a share w of the estimated index (its logs × w, seasonalIndexWeight): a James–Stein weight,
 * 1 − (12 − 3)·mean se² / Σ log², so a season that stands far above its estimation noise is carried whole and
 * one that does not is shrunk toward 1 (Miller & Williams 2003 shrink seasonal factors the same way).
 * With fewer than MIN_YEARS clean years for every month (Online Retail's one year of history) or an index
 * within ±MIN_EFFECT of 1 everywhere, the member is fitted as it is. Members that model the yearly season
 * themselves (`Capabilities.yearlySeason`: seasonal_ratio, yearly_ratio, the tree models' calendar) are never
 * wrapped. `recovery` is: its counterfactual (an ETS with a weekly season at most) would otherwise be flat
 * across the months, and its ratio to it, fitted on the months since the reopening, would read their season
 * as recovery and carry none into the forecast (apparel's autumn rise in August, on a generated world). Once
 * (engine of 2026-12-04) wrapping it made seed 4 of the generated worlds worse (14.74 against 13.66 monthly
 * WAPE); with the recovery folds and the rest of today's engine it makes ten of fifteen worlds better
 * (BENCHMARKS.md, "The yearly season in the recovery's counterfactual").
 */

export const YEARLY_SEASON_MODEL = 'yearly_season';
const SCHEMA_VERSION = 1;
/** Clean years of a calendar month needed before a series' own factor for it counts. */
const MIN_YEARS = 2;
/** Share of a month's days that must be demand for the month to count. */
const MIN_COVERAGE = 0.9;
/** An index whose every factor is within this (log) of 1 is no season: the member is fitted as it is. */
const MIN_EFFECT = 0.03;

/** Log month-of-year factors (index 0 = January) of a daily history, or undefined where unknown. */
function monthFactors(
  y: readonly number[],
  start: string,
  skip: readonly boolean[],
): Array<LogEstimate | undefined> {
  // calendar months of the history: mean of the demand days, units, and whether enough days are demand
  const months: Array<{ m: number; mean: number; units: number; ok: boolean }> = [];
  const first = parseDate(start);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  let i = 0;
  // a history starting mid-month: that month is partial, hence not clean
  let partial = first.getUTCDate() !== 1;
  while (i < y.length) {
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const from = i;
    const to = Math.min(y.length, i + days - (partial ? first.getUTCDate() - 1 : 0));
    let s = 0;
    let c = 0;
    for (let t = from; t < to; t++)
      if (!skip[t]) {
        s += y[t];
        c++;
      }
    const ok = !partial && to - from === days && c >= MIN_COVERAGE * days;
    months.push({ m: month, mean: c > 0 ? s / c : NaN, units: s, ok });
    partial = false;
    i = to;
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
  const sums = Array.from({ length: 12 }, () => ({ a: 0, t: 0, units: 0, logs: [] as number[] }));
  for (let k = 6; k + 6 < months.length; k++) {
    let ok = true;
    for (let j = k - 6; j <= k + 6 && ok; j++) ok = months[j].ok;
    if (!ok) continue;
    let trend = 0.5 * (months[k - 6].mean + months[k + 6].mean);
    for (let j = k - 5; j <= k + 5; j++) trend += months[j].mean;
    trend /= 12;
    if (!(trend > 0)) continue;
    const b = sums[months[k].m];
    b.a += months[k].mean;
    b.t += trend;
    b.units += months[k].units;
    // a month without sales counts as a year of evidence but has no finite log ratio (left out of the variance)
    b.logs.push(Math.log(months[k].mean / trend));
  }
  return sums.map((b) => {
    if (b.logs.length < MIN_YEARS || !(b.a > 0) || !(b.t > 0)) return undefined;
    const floor = 1 / Math.max(b.units, 1e-9);
    const logs = b.logs.filter(Number.isFinite);
    // one year with sales: no evidence the season repeats, a floor of ±22 % (as seasonal_ratio)
    const se2 =
      logs.length >= 2 ? Math.max(floor, variance(logs) / logs.length) : Math.max(floor, SINGLE_YEAR_SE2);
    return { log: Math.log(b.a / b.t), se2 };
  });
}

/**
 * The month-of-year index (12 log factors, mean 0) of a daily series up to its end, its group's history
 * borrowed as the prior; undefined when neither has the years for it or the season is negligible.
 */
export function estimateYearlyIndex(series: Series, context: FitContext): number[] | undefined {
  if (series.freq !== 'daily') return undefined;
  const n = series.y.length;
  const masked = disruptionMask(n, context.disruptions);
  const promoted = windowMask(n, context.promotions);
  const skip = series.y.map((v, i) => masked[i] || promoted[i] || !Number.isFinite(v));
  const own = monthFactors(series.y, series.start, skip);
  let group: Array<LogEstimate | undefined> = [];
  const g = context.group;
  if (g && g.y.length > 0) {
    // the group's history up to the series' end (a backtest's cut series sees only its own past)
    const end = periodsBetween(g.start, dateAt(series, n), 'daily');
    if (end > 0) {
      const gy = g.y.slice(0, end);
      const offset = end - n; // group index of the series' index 0
      const gskip = gy.map((v, j) => {
        const i = j - offset;
        return !Number.isFinite(v) || (i >= 0 && i < n && masked[i]);
      });
      group = monthFactors(gy, g.start, gskip);
    }
  }
  if (own.every((f) => !f) && group.every((f) => !f)) return undefined;
  const months = Array.from({ length: 12 }, (_, m) => shrunkTowardGroup(own[m], group[m]));
  const centre = mean(months.map((e) => e.log));
  const w = seasonalIndexWeight(
    months.map((e) => e.log - centre),
    months.map((e) => e.se2),
  );
  const centred = months.map((e) => (e.log - centre) * w);
  return centred.some((v) => Math.abs(v) > MIN_EFFECT) ? centred : undefined;
}

/**
 * The share of an estimated seasonal index that a forecast should carry (James–Stein): with `logs` the centred
 * log factors and `se2` their estimation variances, w = max(0, 1 − (k − 3)·mean(se²) / Σ log²) (k − 3: the
 * k factors are shrunk toward their own mean, which James–Stein pays for with one more degree of freedom). A forecast
 * multiplies by the ratio of two noisy factors (the target month's and the origin month's); shrinking them
 * toward 1 in proportion to how much of their spread is noise lowers that variance more than it adds bias.
 * A strong season measured over several consistent years keeps w ≈ 1; a faint or noisy one goes toward 0.
 * (A fixed w = 0.5 before: on the five generated worlds and the story, the weight beat it on five of six,
 * BENCHMARKS.md.)
 */
export function seasonalIndexWeight(logs: readonly number[], se2: readonly number[]): number {
  if (logs.length !== se2.length || logs.length <= 3)
    throw new RangeError(`seasonalIndexWeight: ${logs.length} factors and ${se2.length} variances`);
  const signal = logs.reduce((a, v) => a + v * v, 0);
  if (!(signal > 0)) return 0;
  const noise = mean(se2.map((v) => (Number.isFinite(v) ? Math.max(0, v) : 0)));
  return Math.max(0, 1 - ((logs.length - 3) * noise) / signal);
}

/** The factor of each step: exp(index of the step's calendar month), from the date of step 0. */
export function yearlyFactors(logs: readonly number[], firstDate: string, steps: number): number[] {
  const d = parseDate(firstDate);
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    out.push(Math.exp(logs[d.getUTCMonth()]));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

interface YearlySeasonParams {
  inner: SerializedModel;
  /** Log month-of-year factors, index 0 = January, mean 0. */
  logs: number[];
  /** Date of the first forecast step, YYYY-MM-DD. */
  firstDate: string;
}

class YearlySeasonFitted implements FittedModel {
  readonly model = YEARLY_SEASON_MODEL;
  constructor(
    readonly inner: FittedModel,
    readonly params: Omit<YearlySeasonParams, 'inner'>,
  ) {}

  predict(horizon: number, levels?: number[]): Forecast {
    assertHorizon(YEARLY_SEASON_MODEL, horizon);
    return scaleForecast(
      this.inner.predict(horizon, levels),
      yearlyFactors(this.params.logs, this.params.firstDate, horizon),
    );
  }

  toJSON(): SerializedModel {
    const params: YearlySeasonParams = { inner: this.inner.toJSON(), ...this.params };
    return { model: YEARLY_SEASON_MODEL, schemaVersion: SCHEMA_VERSION, params };
  }

  free(): void {
    this.inner.free?.();
  }
}

/** The model a serialized yearly-season model wraps (the model itself for any other). */
export function unwrapYearlySeason(json: SerializedModel): SerializedModel {
  return json?.model === YEARLY_SEASON_MODEL ? (json.params as YearlySeasonParams).inner : json;
}

/** Restores a serialized yearly-season model; `restoreInner` restores the wrapped member (the registry). */
export function restoreYearlySeason(
  json: SerializedModel,
  restoreInner: (inner: SerializedModel) => FittedModel,
): FittedModel {
  const p = readModelJson<YearlySeasonParams>(json, YEARLY_SEASON_MODEL, SCHEMA_VERSION);
  if (
    !p.inner ||
    !Array.isArray(p.logs) ||
    p.logs.length !== 12 ||
    !p.logs.every(Number.isFinite) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(p.firstDate ?? '')
  )
    throw new Error(`${YEARLY_SEASON_MODEL}: params need inner, 12 finite logs and firstDate`);
  const { inner, ...rest } = p;
  return new YearlySeasonFitted(restoreInner(inner), rest);
}

/** Does the ensemble wrap this member on this series (daily, and the member does not model the year itself)? */
export function needsYearlySeason(
  spec: Pick<ModelSpec, 'capabilities' | 'family'>,
  series: Pick<Series, 'freq'>,
): boolean {
  return series.freq === 'daily' && !spec.capabilities.yearlySeason;
}

/**
 * `spec` fitted on the seasonally adjusted history and reseasonalised (see the top of this file). Same name,
 * family and capabilities, except that it takes missing observations (it hands them on to the member, which
 * masks or repairs them). Where the history shows no yearly season, the member's own fit is returned as it is.
 */
export function withYearlySeason(spec: ModelSpec): ModelSpec {
  const capabilities: Capabilities = { ...spec.capabilities, handlesMissing: true };
  return {
    name: spec.name,
    family: spec.family,
    capabilities,
    fit(series: Series, context: FitContext): FittedModel {
      const logs = estimateYearlyIndex(series, context);
      if (!logs) return spec.fit(series, context);
      const factors = yearlyFactors(logs, series.start, series.y.length);
      const y = series.y.map((v, i) => v / factors[i]);
      const inner = spec.fit({ ...series, y }, context);
      return new YearlySeasonFitted(inner, { logs, firstDate: dateAt(series, series.y.length) });
    },
    fromJSON: (json) =>
      json?.model === YEARLY_SEASON_MODEL
        ? restoreYearlySeason(json, (j) => spec.fromJSON(j))
        : spec.fromJSON(json),
    ...(spec.narrow && {
      narrow(fitted: FittedModel): ModelSpec | undefined {
        const inner = spec.narrow!(fitted instanceof YearlySeasonFitted ? fitted.inner : fitted);
        return inner && withYearlySeason(inner);
      },
    }),
  };
}
