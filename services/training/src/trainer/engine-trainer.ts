import {
  addPeriods,
  aggregateJobsOf,
  defaultRegistry,
  EngineOptions,
  engineWorkerPool,
  eventsToContext,
  Executor,
  FitContext,
  fitPanelGlobalModel,
  forecastPanel,
  GroupHistory,
  hierarchyContexts,
  HierarchyContexts,
  InlineExecutor,
  engineJobs,
  learnPanelAdjustments,
  notDemandMask,
  PanelSku,
  SkuAdjustments,
  skuAdjustments,
  loadEngine,
  periodsBetween,
  Series,
  SeriesJob,
  SeriesResult,
  validateEngineOptions,
} from '@salescast/forecasting';
import { ModelTrainer, PanelFit, TrainedModel, TrainingSeries } from './trainer.port';

/**
 * Trains with libs/forecasting's pipeline (walk-forward backtested ensemble, fallback when a series is
 * too short) on a worker-thread pool, so that fitting never blocks the service's event loop (gRPC,
 * health, metrics, Kafka heartbeats). `workers: 0` fits in-process.
 */
export class EngineTrainer implements ModelTrainer {
  private constructor(
    private readonly options: EngineOptions,
    private readonly executor: Executor,
    readonly batchSize: number,
  ) {}

  /** Validates the options (a bad member name stops the service at start) and loads the WASM runtimes. */
  static async create(options: EngineOptions, workers: number): Promise<EngineTrainer> {
    validateEngineOptions(options, defaultRegistry());
    await loadEngine();
    const executor = workers > 0 ? engineWorkerPool(workers) : new InlineExecutor(engineJobs);
    return new EngineTrainer(options, executor, Math.max(1, workers) * 4);
  }

  async fitPanel(panel: TrainingSeries[], options: { aggregates?: boolean } = {}): Promise<PanelFit> {
    const usable = panel.filter((s) => s.quantities.length > 0);
    if (usable.length === 0)
      return {
        paths: new Map(),
        boosters: 0,
        origins: [],
        seconds: 0,
        groups: new Map(),
        closedWeekdays: [],
        adjustments: new Map(),
      };
    // the hierarchy's context first: the global model is fitted on the SKUs as the batches will see them
    const hierarchy = hierarchyContexts(usable.map((s) => ({ ...toJob(s), group: s.category })));
    const { forecasts, report } = await fitPanelGlobalModel(hierarchy.skuJobs, {
      ...this.options,
      executor: this.executor,
      groups: usable.map((s) => s.category),
    });
    const paths = new Map<string, Record<string, number[]>>();
    forecasts.forEach((f, i) => f && paths.set(usable[i].sku, f));
    const groups = new Map<string, GroupHistory>(
      [...hierarchy.groupHistories].map(([name, g]) => [name, { start: g.start, y: g.y }]),
    );
    return {
      paths,
      boosters: report.boosters,
      origins: report.origins,
      seconds: report.seconds,
      groups,
      closedWeekdays: hierarchy.closedWeekdays,
      ...(hierarchy.promotionPrior && { promotionPrior: hierarchy.promotionPrior }),
      adjustments: panelAdjustments(usable, this.options.horizon),
      ...(options.aggregates && (await this.forecastAggregates(hierarchy))),
    };
  }

  /**
   * Each category's and the total's own forecast, by the same engine (on the pool). A failure leaves the rest of
   * the panel stage standing: it is reported, and the run is not reconciled.
   */
  private async forecastAggregates(
    hierarchy: HierarchyContexts,
  ): Promise<Pick<PanelFit, 'aggregates' | 'aggregatesError'>> {
    try {
      const results = await forecastPanel(aggregateJobsOf(hierarchy), {
        ...this.options,
        executor: this.executor,
        globalModel: false,
      });
      return {
        aggregates: {
          groups: new Map(hierarchy.names.map((g, i) => [g, results[i].forecast.mean])),
          total: results[results.length - 1].forecast.mean,
        },
      };
    } catch (e) {
      return { aggregatesError: (e as Error).message };
    }
  }

  async train(batch: TrainingSeries[]): Promise<Array<TrainedModel | Error>> {
    const jobs = batch.map((s) => toJob(s));
    // with the panel stage's paths, the batch must not pool itself (a batch is not the panel)
    const globalModel = !batch.some((s) => s.globalForecasts);
    try {
      const results = await forecastPanel(jobs, { ...this.options, executor: this.executor, globalModel });
      return results.map((r, i) => toTrained(batch[i], r));
    } catch {
      // one series failed beyond the engine's own fallback: fit them one by one to keep the others
      const out: Array<TrainedModel | Error> = [];
      for (let i = 0; i < batch.length; i++) {
        try {
          const [r] = await forecastPanel([jobs[i]], {
            ...this.options,
            executor: this.executor,
            globalModel: false,
          });
          out.push(toTrained(batch[i], r));
        } catch (e) {
          out.push(e instanceof Error ? e : new Error(String(e)));
        }
      }
      return out;
    }
  }

  close(): Promise<void> {
    return this.executor.close();
  }
}

/**
 * Each SKU's adjustments after the reconciliation, learned from the whole panel as the CLI learns them
 * (core/panel-adjustments.ts), from the panel's last day; only the SKUs with one (and not off sale for the whole
 * horizon, which the fit's guards already forecast 0).
 */
export function panelAdjustments(
  panel: readonly TrainingSeries[],
  horizon: number,
): Map<string, SkuAdjustments> {
  const skus = panel.filter((s) => s.quantities.length > 0).map(toPanelSku);
  const out = new Map<string, SkuAdjustments>();
  if (skus.length === 0) return out;
  const asOf = panel.reduce((max, s) => {
    const last = addPeriods(s.start, 'daily', s.quantities.length - 1);
    return last > max ? last : max;
  }, '');
  const adjustments = learnPanelAdjustments(skus, asOf);
  for (const sku of skus) {
    const a = skuAdjustments(adjustments, sku, horizon);
    if (a.factors?.every((v) => v === 0)) continue;
    if (a.factors || a.ramp) out.set(sku.id, a);
  }
  return out;
}

/** A SKU as the adjustments see it: its days that are not demand (shutdowns, promotions) and its daily prices. */
function toPanelSku(s: TrainingSeries): PanelSku {
  const { series, context } = toJob(s);
  const revenues = s.revenues;
  return {
    id: s.sku,
    start: series.start,
    y: s.quantities,
    skip: notDemandMask(s.quantities.length, context),
    ...(revenues && { price: s.quantities.map((q, i) => (q > 0 ? revenues[i] / q : NaN)) }),
    ...(s.category !== undefined && { group: s.category }),
    ...(s.endOfSale && { endOfSale: s.endOfSale }),
  };
}

function toJob(s: TrainingSeries): SeriesJob {
  if (s.quantities.length === 0) throw new Error(`sku ${s.sku}: empty series`);
  const series: Series = { id: s.sku, freq: 'daily', start: s.start, y: s.quantities };
  const context: FitContext = {
    seasonPeriod: 7,
    ...eventsToContext(series, s.events ?? [], s.category),
    ...(s.globalForecasts && { globalForecasts: s.globalForecasts }),
    ...(s.group && { group: s.group }),
    ...(s.closedWeekdays && s.closedWeekdays.length > 0 && { closedWeekdays: s.closedWeekdays }),
    ...(s.promotionPrior && { promotionPrior: s.promotionPrior }),
    ...(s.endOfSale && { endOfSale: periodsBetween(s.start, s.endOfSale, 'daily') }),
  };
  return { series, context };
}

function toTrained(s: TrainingSeries, result: SeriesResult): TrainedModel {
  const own = result.backtest.find((b) => b.member === result.chosen) ?? result.backtest[0];
  return {
    modelName: result.model.model,
    model: result.model,
    originDate: addPeriods(s.start, 'daily', s.quantities.length - 1),
    frequency: 'daily',
    backtest: own ? { smape: own.smape, mase: own.mase, wape: own.wape } : {},
    forecast: result.forecast.mean,
  };
}
