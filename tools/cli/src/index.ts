export { loadDataset } from './dataset/load-dataset';
export type { Dataset, LoadOptions, SkuDaily } from './dataset/load-dataset';
export { buildDailySeries } from './dataset/daily-series';
export type { SeriesOptions, SeriesSelection, SkuSeries } from './dataset/daily-series';
export { readStock } from './dataset/stock';
export { runForecast } from './forecast/run-forecast';
export type { ForecastRun, RunOptions, SkuForecast } from './forecast/run-forecast';
export { demandForecastOf, planReorder, planSku, termsOf } from './forecast/reorder';
export type { ReorderLine, ReorderOptions } from './forecast/reorder';
export { monthlyForecasts } from './forecast/monthly';
export { writeForecastFiles, OUTPUT_FILES } from './forecast/write-outputs';
export { forecastToFiles } from './forecast/forecast-to-files';
export type { ForecastFilesOptions, ForecastFilesResult } from './forecast/forecast-to-files';
export { baselineForecasts } from './forecast/baselines';
export { evaluateForecast } from './evaluate/evaluate-forecast';
export type {
  EvaluateOptions,
  Evaluation,
  ForecastRow,
  Scores,
  TruthRow,
} from './evaluate/evaluate-forecast';
export { readForecastRows, readTruthRows } from './evaluate/read-rows';
export { actualsFor, previousActualsFrom } from './evaluate/actuals';
export { directionHits, previousPeriod } from './evaluate/direction';
export { buildReportData } from './report/report-data';
export type { ReportData } from './report/report-data';
export { renderReport } from './report/render-report';
export { createProgram } from './program';
export { COMMANDS } from './commands';
