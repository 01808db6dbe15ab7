export { accuracyByMember, accuracyOf } from './accuracy';
export type { MemberAccuracy } from './accuracy';
export { whyNotApplicable, usableObservations } from './applicability';
export {
  backtest,
  inSampleScale,
  planOrigins,
  recoveryOrigins,
  reopeningIndex,
  weighedFolds,
} from './backtest';
export type { Backtest, BacktestOptions, Fold, MemberBacktest } from './backtest';
export { conformalHalfWidths, minResiduals } from './conformal';
export type { ConformalCalibration } from './conformal';
export {
  chooseWeights,
  createEnsembleSpec,
  ensembleStackingSample,
  fitEnsemble,
  validateEnsembleOptions,
} from './ensemble';
export {
  describePanelPrior,
  isMemberPrior,
  memberPriorWeights,
  PANEL_PRIOR_MIN_SERIES,
  PANEL_PRIOR_SAMPLE,
  panelMemberPrior,
  stackingSample,
} from './panel-prior';
export type { PanelPrior, StackingSample } from './panel-prior';
export type { EnsembleFit, EnsembleOptions, EnsembleReport } from './ensemble';
export { ENSEMBLE_MODEL, ENSEMBLE_SCHEMA_VERSION, FittedEnsemble } from './fitted-ensemble';
export type { EnsembleParams, WeightedMember } from './fitted-ensemble';
export { scoredMask, trainingWindow } from './training-window';
export {
  DEFAULT_PRIOR,
  inverseErrorWeights,
  leastSquaresWeights,
  priorWeights,
  projectOntoSimplex,
  shrinkTowardPrior,
} from './weights';
export type { FamilyPrior } from './weights';
export { applyClosures, CAP_MULTIPLE, capPath, closedMask, guardsFor, recentPeak } from './guards';
export type { ForecastGuards } from './guards';
