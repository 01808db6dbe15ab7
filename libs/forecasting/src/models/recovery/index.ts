export { fitRecoveryCurve, recoveryRatio } from './curve';
export type { RecoveryCurve } from './curve';
export { MIN_POST, recoveryCounterfactual, recoveryFitSummary, recoveryModel } from './recovery';
export type { RecoveryParams } from './recovery';
