export { BASE_DAYS, fitYearlyRatio, MAX_YEARS, YEARLY_MIN_HISTORY, yearlyRatioModel } from './yearly-ratio';
export type { YearlyRatioParams } from './yearly-ratio';
