export {
  arimaFitSummary,
  arimaModel,
  arimaModels,
  autoArimaModel,
  createArimaModel,
  createAutoArimaModel,
  createSarimaModel,
  sarimaModel,
} from './arima';
export type { ArimaModelOptions, AutoArimaModelOptions, Order, SarimaModelOptions } from './arima';
export type { ArimaCoefficients, ArimaOrders, ArimaSummary } from './summary';
export { arimaWasmHeapBytes } from './wasm';
