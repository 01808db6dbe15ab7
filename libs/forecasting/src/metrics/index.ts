export { accuracyFromMape, mae, mape, mapeDetail, mase, naiveScale, rmse, smape, wape } from './point';
export type { MapeResult } from './point';
export { directionalAccuracy } from './direction';
export { intervalCoverage, intervalScore, intervalWidth, pinball } from './intervals';
export { scoreForecast } from './summary';
export type { ForecastScore } from './summary';
