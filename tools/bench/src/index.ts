/** Accuracy benchmark harness of salescast: data set loaders, references, scoring and the league table. */
export * from './datasets';
export * from './benchmark';
export * from './table';
export * from './generated-benchmark';
export * from './scoring/score';
export * from './scoring/forecasts';
export {
  loadParticipantForecasts,
  M3_PUBLISHED_SMAPE,
  parseParticipantForecasts,
} from './references/m3-participants';
export { cacheDir, detectR, rReferences, R_METHODS } from './references/r-forecast';
