import { mae, smape, wape } from '../metrics';
import { mean } from '../core/stats';
import { Backtest } from './backtest';
import { FoldForecasts } from './scoring';

/** Backtest accuracy of one member (or of the combination, member = 'ensemble'): means over origins. */
export interface MemberAccuracy {
  member: string;
  /** Origins with at least one scored point. */
  folds: number;
  /** Percent, M3/M4 definition. */
  smape: number;
  /** Scaled by the in-sample seasonal-naive MAE of each origin's training window. */
  mase: number;
  /** Percent: Σ|e| / Σ|y|. */
  wape: number;
}

/**
 * Accuracy per origin, averaged over origins (the M-competition convention: one score per forecast, then the
 * mean), for every member and for the combination (named 'ensemble') that has at least one scored origin.
 * Unscored points (disruptions, missing actuals) are NaN and skipped by the metrics.
 */
export function accuracyByMember(bt: Backtest, combined: FoldForecasts): MemberAccuracy[] {
  const rows = [
    ...bt.members.map((m) => accuracyOf(bt, m.member, m.forecasts)),
    accuracyOf(bt, 'ensemble', combined),
  ];
  return rows.filter((r) => r.folds > 0);
}

export function accuracyOf(bt: Backtest, member: string, forecasts: FoldForecasts): MemberAccuracy {
  const perFold = { smape: [] as number[], mase: [] as number[], wape: [] as number[] };
  bt.folds.forEach((fold, f) => {
    const forecast = forecasts[f];
    if (!forecast || !fold.scored.some(Boolean)) return;
    const actual = fold.actual.map((v, k) => (fold.scored[k] ? v : NaN));
    perFold.smape.push(smape(actual, forecast));
    perFold.mase.push(mae(actual, forecast) / fold.scale);
    perFold.wape.push(wape(actual, forecast));
  });
  return {
    member,
    folds: perFold.smape.length,
    smape: mean(perFold.smape),
    mase: mean(perFold.mase),
    wape: mean(perFold.wape),
  };
}
