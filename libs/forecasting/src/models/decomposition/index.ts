export {
  centredMovingAverage,
  classicalDecomposition,
  isSeasonal,
  multiplicativeSeasonalAdjustment,
  seasonalIndexAt,
} from './classical';
export type { ClassicalDecomposition, DecompositionType } from './classical';
export { stl } from './stl';
export type { StlOptions, StlResult } from './stl';
export { stlfModel } from './stlf';
export type { StlfParams } from './stlf';
