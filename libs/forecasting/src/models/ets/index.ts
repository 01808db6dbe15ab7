export {
  dampedHoltModel,
  etsModel,
  etsModels,
  holtModel,
  holtWintersAdditiveModel,
  holtWintersMultiplicativeModel,
  sesModel,
} from './ets';
export {
  autoEts,
  etsCandidates,
  etsForecast,
  etsName,
  etsPointForecast,
  fitEts,
  MAX_ETS_PERIOD,
} from './ets-core';
export type { EtsComponents, EtsFit, EtsErrorType, EtsSeasonType, EtsTrendType } from './ets-core';
