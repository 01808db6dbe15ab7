export { fitRecoveryCurve, fitRecoveryCurveWithPrior, recoveryRatio } from './curve';
export type { RecoveryCurve, RecoveryPrior } from './curve';
export { recoveryAdjustment, recoveryCounterfactual, recoveryFitSummary, recoveryModel } from './recovery';
export type { RecoveryParams } from './recovery';
