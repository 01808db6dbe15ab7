export { engineOptionsFor, ensembleSpec, forecastSeries } from './forecast-series';
export type { SeriesJob, SeriesResult } from './forecast-series';
export { ENGINE_JOBS_MODULE, jobs as engineJobs } from './jobs';
export type { ForecastSeriesInput } from './jobs';
export { validateEngineOptions } from './options';
export type { EngineOptions } from './options';
export { engineWorkerPool, fitPanelGlobalModel, forecastPanel, panelPriorOf } from './panel';
export type { PanelOptions } from './panel';
export {
  DEFAULT_DAILY_MEMBERS,
  DEFAULT_MEMBERS,
  defaultMembersFor,
  defaultRegistry,
  defaultScoreBlockFor,
  ensembleOptionsFor,
  FALLBACK_MEMBERS,
  loadEngine,
  memberModels,
  SHORT_DAILY_MEMBERS,
  SHORT_HISTORY_DAYS,
} from './registry';
export {
  aggregateJobsOf,
  CLOSED_WEEKS,
  closedWeekdaysOf,
  forecastHierarchy,
  GROUP_WEIGHT,
  groupHistoryFor,
  hierarchyContexts,
  MAX_RECONCILIATION_FACTOR,
  reconciliationFactors,
  sumSeries,
  TOTAL_WEIGHT,
} from './hierarchy';
export type {
  AggregateResult,
  HierarchyContexts,
  HierarchyJob,
  HierarchyOptions,
  HierarchyResult,
  ReconciliationInput,
} from './hierarchy';
