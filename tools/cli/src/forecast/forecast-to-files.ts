import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RejectLog } from '@salescast/datagen';
import { engineWorkerPool, Executor } from '@salescast/forecasting';
import { buildDailySeries } from '../dataset/daily-series';
import { loadDataset } from '../dataset/load-dataset';
import { readStock } from '../dataset/stock';
import { buildReportData } from '../report/report-data';
import { renderReport } from '../report/render-report';
import { planReorder, ReorderLine } from './reorder';
import { ForecastRun, runForecast } from './run-forecast';
import { OUTPUT_FILES, writeForecastFiles } from './write-outputs';

export interface ForecastFilesOptions {
  data: string;
  out: string;
  asOf?: string;
  horizon: number;
  serviceLevel: number;
  reviewDays: number;
  top?: number;
  /** Optional stock file (`sku,on_hand[,on_order,as_of]`); default: the data set's inventory.csv, else unknown. */
  stock?: string;
  seed: number;
  /** Worker threads for the engine; 1 = in this thread. */
  workers: number;
  members?: string[];
  title?: string;
  onRead?: (file: string, rows: number) => void;
  onProgress?: (done: number, total: number) => void;
  /** What the engine does before the SKUs start (the global model's fit). */
  onStage?: (message: string) => void;
}

export interface ForecastFilesResult {
  run: ForecastRun;
  reorder: ReorderLine[];
  rejects: RejectLog;
  /** Paths written. */
  files: string[];
}

/** `salescast forecast` end to end: read and validate, build series, run the engine, write CSVs and the report. */
export async function forecastToFiles(options: ForecastFilesOptions): Promise<ForecastFilesResult> {
  mkdirSync(options.out, { recursive: true });
  const rejects = new RejectLog(join(options.out, OUTPUT_FILES.rejects));
  try {
    const dataset = await loadDataset(options.data, { rejects, onRows: options.onRead });
    const stock = options.stock ? readStock(options.stock, new Set(dataset.skus.keys()), rejects) : undefined;
    const selection = buildDailySeries(dataset, { asOf: options.asOf, top: options.top, seed: options.seed });
    const executor: Executor | undefined =
      options.workers > 1 ? engineWorkerPool(options.workers) : undefined;
    let run: ForecastRun;
    try {
      run = await runForecast(selection, {
        horizon: options.horizon,
        seed: options.seed,
        members: options.members,
        executor,
        onProgress: options.onProgress,
        onStage: options.onStage,
      });
    } finally {
      await executor?.close();
    }
    const reorder = run.forecasts.map((f) =>
      planReorder(f, run.asOf, {
        serviceLevel: options.serviceLevel,
        reviewDays: options.reviewDays,
        stock: stock ?? dataset.inventory,
      }),
    );
    writeForecastFiles(run, reorder, options.out);
    const report = buildReportData({
      run,
      reorder,
      serviceLevel: options.serviceLevel,
      dataDir: options.data,
      rejects: { total: rejects.total, byFile: rejects.byFile() },
      title: options.title,
    });
    writeFileSync(join(options.out, OUTPUT_FILES.report), renderReport(report));
    return {
      run,
      reorder,
      rejects,
      files: [
        OUTPUT_FILES.daily,
        OUTPUT_FILES.monthly,
        OUTPUT_FILES.aggregates,
        OUTPUT_FILES.reorder,
        OUTPUT_FILES.report,
        OUTPUT_FILES.rejects,
      ].map((f) => join(options.out, f)),
    };
  } finally {
    await rejects.close();
  }
}
