import { assertHorizon, readModelJson } from '../core/model-support';
import { unwrapPromotionLift } from '../core/promotions';
import { unwrapYearlySeason } from '../core/yearly-season';
import { zForLevel } from '../core/stats';
import { Forecast, FittedModel, SerializedModel } from '../core/types';
import { recoveryAdjustment } from '../models/recovery/recovery';
import { ConformalCalibration, conformalHalfWidths, hasResiduals, seenSpread } from './conformal';
import { applyClosures, capPath, ForecastGuards } from './guards';

export const ENSEMBLE_MODEL = 'ensemble';
/** Version of `EnsembleParams`; bump when its shape changes (fromJSON rejects others). */
export const ENSEMBLE_SCHEMA_VERSION = 3;
/** Versions fromJSON reads (1: before the recovery overlay, 2: before the guards; their params simply have none). */
const READABLE_VERSIONS = [1, 2, 3];

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
  /** The fitted recovery model whose projected ratio multiplies the combination (see FittedEnsemble). */
  recoveryOverlay?: SerializedModel;
  /** The plausibility cap and closed days (see guards.ts). */
  guards?: ForecastGuards;
}

/**
 * A weighted combination of fitted members with conformal intervals around the combined mean.
 * Members' own intervals are not used: the calibration already measured how wrong the combination was.
 *
 * With a recovery overlay (set by the ensemble when a declared shutdown ends at the forecast origin, so that no
 * backtest origin has seen the recovery), the members are forecasters of demand as if there had been no
 * shutdown (they were fed the history with the window masked or repaired, and backtested before it), and the
 * forecast is their combination × the recovery model's projected ratio r(τ_k) to the counterfactual. The
 * conformal half-width (measured before the shutdown) scales with the ratio, and the recovery's own
 * uncertainty is added in quadrature: z·|combination_k|·|r(τ_k) − r(τ_last)|, the distance the projected
 * recovery moves away from where the last observation left it.
 */
export class FittedEnsemble implements FittedModel {
  readonly model = ENSEMBLE_MODEL;
  /** The overlay's recovery parameters, read once (predict runs per request in the prediction service). */
  private readonly overlayRecovery?: SerializedModel;

  constructor(
    readonly members: readonly WeightedMember[],
    readonly conformal: ConformalCalibration,
    readonly nonNegative: boolean,
    readonly recoveryOverlay?: FittedModel,
    readonly guards?: ForecastGuards,
  ) {
    if (members.length === 0) throw new Error('an ensemble needs at least one member');
    // the recovery model itself, out of the promotion and yearly-season wrappers: its ratio is what multiplies
    if (recoveryOverlay)
      this.overlayRecovery = unwrapYearlySeason(unwrapPromotionLift(recoveryOverlay.toJSON()));
    const total = members.reduce((s, m) => s + m.weight, 0);
    if (!members.every((m) => m.weight > 0) || Math.abs(total - 1) > 1e-9)
      throw new Error(
        `ensemble weights must be > 0 and sum to 1, got [${members.map((m) => m.weight).join(', ')}]`,
      );
  }

  /**
   * Each member's mean is capped at the history's plausible peak (guards.ts) before they are combined, so one
   * member extrapolating a burst moves the combination by at most its weight × the cap. The members'
   * disagreement widens the conformal intervals in quadrature, by as much of it as the backtests did not see:
   * their residuals measured how wrong the combination was where the members disagreed as much as they did
   * then (`conformal.spread`); where one of them now runs away from the others, √(sd² − seen²) says the
   * forecast is unsure. A model stored without the seen spread widens by the whole sd. Closed days come
   * last: 0 on them, their share moved to the week's open days.
   */
  predict(horizon: number, levels: number[] = []): Forecast {
    assertHorizon(ENSEMBLE_MODEL, horizon);
    const mean = new Array<number>(horizon).fill(0);
    const paths: number[][] = [];
    for (const { weight, fitted } of this.members) {
      const memberMean = fitted.predict(horizon, []).mean.slice();
      if (this.guards) capPath(memberMean, this.guards);
      paths.push(memberMean);
      for (let k = 0; k < horizon; k++) mean[k] += weight * memberMean[k];
    }
    // the disagreement beyond what the backtests saw (their residuals already carry that much)
    const spread = mean.map((m, k) => {
      const variance = this.members.reduce((s, { weight }, i) => s + weight * (paths[i][k] - m) ** 2, 0);
      return Math.sqrt(Math.max(0, variance - seenSpread(this.conformal, k) ** 2));
    });
    const floor = (v: number) => (this.nonNegative ? Math.max(0, v) : v);
    const adjustment = this.overlayRecovery ? recoveryAdjustment(this.overlayRecovery, horizon) : undefined;
    const counterfactual = mean.slice();
    if (adjustment) for (let k = 0; k < horizon; k++) mean[k] *= adjustment.ratio[k];
    const capScale =
      this.guards && adjustment ? capPath(mean, this.guards) : new Array<number>(horizon).fill(1);
    const closure = this.guards ? applyClosures(mean, this.guards) : new Array<number>(horizon).fill(1);
    const intervals: Forecast['intervals'] = {};
    if (hasResiduals(this.conformal))
      for (const level of levels) {
        const z = zForLevel(level);
        let widths = conformalHalfWidths(this.conformal, horizon, level);
        if (adjustment)
          widths = widths.map((w, k) =>
            Math.hypot(w * adjustment.ratio[k], z * Math.abs(counterfactual[k]) * adjustment.ratioSd[k]),
          );
        widths = widths.map(
          (w, k) => Math.hypot(w, z * spread[k] * (adjustment?.ratio[k] ?? 1)) * capScale[k] * closure[k],
        );
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
      ...(this.recoveryOverlay && { recoveryOverlay: this.recoveryOverlay.toJSON() }),
      ...(this.guards && { guards: this.guards }),
    };
    return { model: ENSEMBLE_MODEL, schemaVersion: ENSEMBLE_SCHEMA_VERSION, params };
  }

  free(): void {
    for (const m of this.members) m.fitted.free?.();
    this.recoveryOverlay?.free?.();
  }

  /** Restores an ensemble; `restoreMember` is the registry's fromJSON (members are any registered model). */
  static fromJSON(
    json: SerializedModel,
    restoreMember: (member: SerializedModel) => FittedModel,
  ): FittedEnsemble {
    const version = READABLE_VERSIONS.includes(json?.schemaVersion)
      ? json.schemaVersion
      : ENSEMBLE_SCHEMA_VERSION;
    const params = readModelJson<EnsembleParams>(json, ENSEMBLE_MODEL, version);
    if (!Array.isArray(params.members) || !params.conformal || !Array.isArray(params.conformal.residuals))
      throw new Error('ensemble: params need members[] and conformal.residuals');
    return new FittedEnsemble(
      params.members.map((m) => ({ weight: m.weight, fitted: restoreMember(m.model) })),
      params.conformal,
      params.nonNegative === true,
      params.recoveryOverlay ? restoreMember(params.recoveryOverlay) : undefined,
      params.guards ? { ...params.guards, cap: params.guards.cap ?? Infinity } : undefined,
    );
  }
}
