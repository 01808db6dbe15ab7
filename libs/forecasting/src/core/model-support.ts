import { addPeriods } from './calendar';
import { missingOrMasked, prepareForModel } from './repair';
import { zForLevel } from './stats';
import {
  Capabilities,
  FitContext,
  FittedModel,
  Forecast,
  ModelFamily,
  ModelFitError,
  ModelSpec,
  SerializedModel,
  Series,
} from './types';

/** Interval levels a model returns when `predict` is called without levels (as R's forecast package). */
export const DEFAULT_LEVELS: readonly number[] = [80, 95];

/** Throws unless `horizon` is a positive integer. */
/** `f` with its mean and every interval bound multiplied, step by step, by `factor` (one per step). */
export function scaleForecast(f: Forecast, factor: readonly number[]): Forecast {
  const scale = (v: readonly number[]) => v.map((x, k) => x * factor[k]);
  const intervals: Forecast['intervals'] = {};
  for (const [level, band] of Object.entries(f.intervals))
    intervals[Number(level)] = { lower: scale(band.lower), upper: scale(band.upper) };
  return { mean: scale(f.mean), intervals };
}

export function assertHorizon(model: string, horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new RangeError(`${model}: horizon must be a positive integer, got ${horizon}`);
}

/**
 * Normal prediction intervals mean ± z·sd per step, for each level in percent.
 * A step whose sd is not finite gets NaN bounds (an honest "unknown", not a zero-width interval).
 */
export function normalIntervals(
  mean: readonly number[],
  sd: readonly number[],
  levels: readonly number[],
): Forecast['intervals'] {
  const intervals: Forecast['intervals'] = {};
  for (const level of levels) {
    const z = zForLevel(level);
    intervals[level] = {
      lower: mean.map((m, i) => (Number.isFinite(sd[i]) ? m - z * sd[i] : NaN)),
      upper: mean.map((m, i) => (Number.isFinite(sd[i]) ? m + z * sd[i] : NaN)),
    };
  }
  return intervals;
}

/**
 * Checks that `json` is a serialized `model` of a known schema version and returns its params,
 * typed by the caller. The error says which model and version were expected.
 */
export function readModelJson<P>(json: SerializedModel, model: string, schemaVersion: number): P {
  if (!json || json.model !== model)
    throw new Error(`${model}: cannot restore a serialized '${json?.model ?? 'unknown'}' model`);
  if (json.schemaVersion !== schemaVersion)
    throw new Error(
      `${model}: unknown schemaVersion ${json.schemaVersion} (this code reads ${schemaVersion})`,
    );
  if (json.params === null || typeof json.params !== 'object')
    throw new Error(`${model}: serialized params missing`);
  return json.params as P;
}

/** What a model's forecast function returns: a mean path and either normal sds or its own intervals. */
export type PathForecast =
  | { mean: number[]; sd: number[] }
  | { mean: number[]; intervals: (levels: readonly number[]) => Forecast['intervals'] };

/**
 * A model defined by two pure functions: `fit` turns the (prepared) observations into JSON-safe params,
 * `forecast` turns params into a path. defineModel does the rest of the ModelSpec contract the same way
 * for every such model: input preparation (disruptions repaired or masked, see prepareForModel), the
 * minimum-history check, horizon checks, intervals, versioned toJSON/fromJSON.
 */
export interface ModelDefinition<P> {
  name: string;
  family: ModelFamily;
  capabilities: Capabilities;
  schemaVersion: number;
  /** Observations as prepared for this model; throw ModelFitError for a series it cannot fit. */
  fit(y: number[], context: FitContext, series: Series): P;
  forecast(params: P, horizon: number): PathForecast;
  /**
   * Optional (ModelSpec.narrow): fits other observations of the same series the way `previous` (this model's
   * fit on the full history) was fitted, cheaper than `fit` (the same form, a warm start).
   */
  refit?(previous: P, y: number[], context: FitContext, series: Series): P;
}

/** The last `keep` observations of a series (and of its exogenous regressors), with its start moved. */
function recentPart(series: Series, keep: number): Series {
  const drop = series.y.length - keep;
  return {
    ...series,
    start: addPeriods(series.start, series.freq, drop),
    y: series.y.slice(drop),
    ...(series.exog && {
      exog: Object.fromEntries(Object.entries(series.exog).map(([k, v]) => [k, v.slice(drop)])),
    }),
  };
}

export function defineModel<P>(def: ModelDefinition<P>): ModelSpec {
  /** The params of the models this spec fitted (for narrow, when the model can refit). */
  const paramsOf = new WeakMap<FittedModel, P>();
  const restore = (params: P): FittedModel => ({
    model: def.name,
    predict(horizon: number, levels: readonly number[] = DEFAULT_LEVELS): Forecast {
      assertHorizon(def.name, horizon);
      const path = def.forecast(params, horizon);
      const intervals = 'sd' in path ? normalIntervals(path.mean, path.sd, levels) : path.intervals(levels);
      return { mean: path.mean, intervals };
    },
    toJSON: () => ({
      model: def.name,
      schemaVersion: def.schemaVersion,
      params: JSON.parse(JSON.stringify(params)),
    }),
  });
  const fitWith = (fit: ModelDefinition<P>['fit'], series: Series, context: FitContext): FittedModel => {
    const usable = missingOrMasked(series, context).filter((gap) => !gap).length;
    if (usable < Math.max(1, def.capabilities.minHistory))
      throw new ModelFitError(
        def.name,
        `needs at least ${def.capabilities.minHistory} usable observations, got ${usable}`,
      );
    let prepared = prepareForModel(series, context, def.capabilities);
    const keep = def.capabilities.maxObservations;
    if (keep !== undefined && prepared.y.length > keep) prepared = recentPart(prepared, keep);
    const params = fit(prepared.y, context, prepared);
    const fitted = restore(params);
    if (def.refit) paramsOf.set(fitted, params);
    return fitted;
  };
  const spec: ModelSpec = {
    name: def.name,
    family: def.family,
    capabilities: def.capabilities,
    fit: (series, context) => fitWith(def.fit, series, context),
    fromJSON: (json: SerializedModel) => restore(readModelJson<P>(json, def.name, def.schemaVersion)),
  };
  const refit = def.refit;
  if (!refit) return spec;
  return {
    ...spec,
    narrow(fitted: FittedModel): ModelSpec | undefined {
      const previous = paramsOf.get(fitted);
      if (previous === undefined) return undefined;
      return {
        ...spec,
        fit: (series, context) => fitWith((y, c, s) => refit(previous, y, c, s), series, context),
      };
    },
  };
}
