import { assertHorizon, readModelJson, scaleForecast } from './model-support';
import { FittedModel, Forecast, SerializedModel } from './types';

/**
 * A fitted model with the hierarchy's reconciliation applied (pipeline/hierarchy.ts): its forecast × one factor
 * per step from its origin, the factors the reconciliation found for the SKU (its group's reconciled level
 * against the sum of its SKUs' forecasts). The training service stores it as the model version that serves, so
 * the prediction service forecasts what the CLI's hierarchy does without knowing about groups.
 *
 * Steps beyond the reconciled horizon carry the mean factor of its last REPEATED_BLOCK steps (the last week of
 * a daily forecast): the level the group lent the SKU at the end of the horizon, not one day's.
 */
export const RECONCILED_MODEL = 'reconciled';
export const RECONCILED_SCHEMA_VERSION = 1;
/** Steps at the end of the factors whose mean carries on beyond them. */
const REPEATED_BLOCK = 7;

export interface ReconciledParams {
  base: SerializedModel;
  /** The factor of each forecast step from the origin (> 0). */
  factors: number[];
}

export class ReconciledModel implements FittedModel {
  readonly model = RECONCILED_MODEL;
  private readonly tail: number;

  constructor(
    readonly base: FittedModel,
    readonly factors: readonly number[],
  ) {
    if (factors.length === 0 || !factors.every((f) => Number.isFinite(f) && f > 0))
      throw new Error(`${RECONCILED_MODEL}: factors must be finite and > 0, got [${factors.join(', ')}]`);
    const last = factors.slice(-REPEATED_BLOCK);
    this.tail = last.reduce((a, b) => a + b, 0) / last.length;
  }

  /** The factor of step k (0 = the first forecast step). */
  factorAt(k: number): number {
    return k < this.factors.length ? this.factors[k] : this.tail;
  }

  predict(horizon: number, levels?: number[]): Forecast {
    assertHorizon(RECONCILED_MODEL, horizon);
    const f = this.base.predict(horizon, levels);
    return scaleForecast(
      f,
      f.mean.map((_, k) => this.factorAt(k)),
    );
  }

  toJSON(): SerializedModel {
    return reconciledJSON(this.base.toJSON(), this.factors);
  }

  free(): void {
    this.base.free?.();
  }
}

/** The serialized form of `base` reconciled by `factors` (what the training service stores, without restoring `base`). */
export function reconciledJSON(base: SerializedModel, factors: readonly number[]): SerializedModel {
  const params: ReconciledParams = { base, factors: [...factors] };
  return { model: RECONCILED_MODEL, schemaVersion: RECONCILED_SCHEMA_VERSION, params };
}

/** Restores a reconciled model; `restoreBase` restores the model it wraps (the registry). */
export function restoreReconciled(
  json: SerializedModel,
  restoreBase: (base: SerializedModel) => FittedModel,
): ReconciledModel {
  const p = readModelJson<ReconciledParams>(json, RECONCILED_MODEL, RECONCILED_SCHEMA_VERSION);
  if (!p.base || !Array.isArray(p.factors))
    throw new Error(`${RECONCILED_MODEL}: params need base and factors[]`);
  return new ReconciledModel(restoreBase(p.base), p.factors);
}
