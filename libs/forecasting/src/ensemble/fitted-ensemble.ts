import { assertHorizon, readModelJson } from '../core/model-support';
import { Forecast, FittedModel, SerializedModel } from '../core/types';
import { ConformalCalibration, conformalHalfWidths, hasResiduals } from './conformal';

export const ENSEMBLE_MODEL = 'ensemble';
/** Version of `EnsembleParams`; bump when its shape changes (fromJSON rejects others). */
export const ENSEMBLE_SCHEMA_VERSION = 1;

export interface WeightedMember {
  weight: number;
  fitted: FittedModel;
}

/** The `params` of a serialized ensemble: the members' own JSON, their weights and the interval calibration. */
export interface EnsembleParams {
  members: Array<{ weight: number; model: SerializedModel }>;
  conformal: ConformalCalibration;
  /** The history had no negative value: means and lower bounds are clipped at 0 (sales cannot be negative). */
  nonNegative: boolean;
}

/**
 * A weighted combination of fitted members with conformal intervals around the combined mean.
 * Members' own intervals are not used: the calibration already measured how wrong the combination was.
 */
export class FittedEnsemble implements FittedModel {
  readonly model = ENSEMBLE_MODEL;

  constructor(
    readonly members: readonly WeightedMember[],
    readonly conformal: ConformalCalibration,
    readonly nonNegative: boolean,
  ) {
    if (members.length === 0) throw new Error('an ensemble needs at least one member');
    const total = members.reduce((s, m) => s + m.weight, 0);
    if (!members.every((m) => m.weight > 0) || Math.abs(total - 1) > 1e-9)
      throw new Error(
        `ensemble weights must be > 0 and sum to 1, got [${members.map((m) => m.weight).join(', ')}]`,
      );
  }

  predict(horizon: number, levels: number[] = []): Forecast {
    assertHorizon(ENSEMBLE_MODEL, horizon);
    const mean = new Array<number>(horizon).fill(0);
    for (const { weight, fitted } of this.members) {
      const memberMean = fitted.predict(horizon, []).mean;
      for (let k = 0; k < horizon; k++) mean[k] += weight * memberMean[k];
    }
    const floor = (v: number) => (this.nonNegative ? Math.max(0, v) : v);
    const intervals: Forecast['intervals'] = {};
    if (hasResiduals(this.conformal))
      for (const level of levels) {
        const widths = conformalHalfWidths(this.conformal, horizon, level);
        intervals[level] = {
          lower: mean.map((m, k) => floor(m - widths[k])),
          upper: mean.map((m, k) => floor(m + widths[k])),
        };
      }
    return { mean: mean.map(floor), intervals };
  }

  toJSON(): SerializedModel {
    const params: EnsembleParams = {
      members: this.members.map((m) => ({ weight: m.weight, model: m.fitted.toJSON() })),
      conformal: this.conformal,
      nonNegative: this.nonNegative,
    };
    return { model: ENSEMBLE_MODEL, schemaVersion: ENSEMBLE_SCHEMA_VERSION, params };
  }

  free(): void {
    for (const m of this.members) m.fitted.free?.();
  }

  /** Restores an ensemble; `restoreMember` is the registry's fromJSON (members are any registered model). */
  static fromJSON(
    json: SerializedModel,
    restoreMember: (member: SerializedModel) => FittedModel,
  ): FittedEnsemble {
    const params = readModelJson<EnsembleParams>(json, ENSEMBLE_MODEL, ENSEMBLE_SCHEMA_VERSION);
    if (!Array.isArray(params.members) || !params.conformal || !Array.isArray(params.conformal.residuals))
      throw new Error('ensemble: params need members[] and conformal.residuals');
    return new FittedEnsemble(
      params.members.map((m) => ({ weight: m.weight, fitted: restoreMember(m.model) })),
      params.conformal,
      params.nonNegative === true,
    );
  }
}
