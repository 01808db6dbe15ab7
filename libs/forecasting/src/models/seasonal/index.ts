export { BASE_DAYS as SEASONAL_BASE_DAYS, fitSeasonalRatio, seasonalRatioModel } from './seasonal-ratio';
export type { SeasonalRatioParams } from './seasonal-ratio';
