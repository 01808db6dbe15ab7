export { FeatureBuilder, featureLayout } from './features';
export type { FeatureLayout } from './features';
export {
  createRandomForestModel,
  createXgboostModel,
  DEFAULT_FOREST,
  DEFAULT_GBT,
  DEFAULT_MAX_HORIZON,
  horizonBuckets,
  loadMlModels,
  mlModels,
  randomForestModel,
  xgboostModel,
} from './tree-models';
export type { TreeModelOptions } from './tree-models';
export { loadXgboost, xgboostLoaded, xgboostWasmHeapBytes } from './xgboost-runtime';
export type { XgboostParams } from './xgboost-runtime';
export {
  DEFAULT_GLOBAL_GBT,
  GLOBAL_DAILY_LOSS,
  GLOBAL_MAX_ROWS,
  GLOBAL_MIN_SERIES,
  GLOBAL_MODEL,
  GLOBAL_ROWS_PER_SERIES,
  globalGbmModel,
} from './global-model';
export {
  fitGlobalAr,
  GLOBAL_AR,
  GLOBAL_AR_LAGS,
  GLOBAL_AR_MIN_SERIES,
  globalArKey,
  globalArModel,
  ridgeSolve,
} from './global-ar';
export type { GlobalArEntry, GlobalArOptions, GlobalArReport } from './global-ar';
