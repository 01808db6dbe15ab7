/** Accuracy benchmark harness of salescast: data set loaders, references, scoring and the league table. */
export * from './datasets';
export * from './benchmark';
export * from './table';
export * from './panel/metrics';
export * from './panel/origin';
export * from './panel/report';
export * from './panel/run-panel';
export * from './panel/panel-datasets';
export * from './baselines/seasonal-ratio-naive';
export {
  detectPeer,
  parsePeerOutput,
  peerCacheFile,
  peerForecasts,
  peerInputCsv,
  peerVenv,
  PEER_MEAN,
  PEER_MODELS,
} from './references/statsforecast';
export * from './scoring/score';
export * from './scoring/forecasts';
export {
  loadParticipantForecasts,
  M3_PUBLISHED_SMAPE,
  parseParticipantForecasts,
} from './references/m3-participants';
export { cacheDir, detectR, rReferences, R_METHODS } from './references/r-forecast';
