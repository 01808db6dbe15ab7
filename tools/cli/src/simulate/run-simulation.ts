import { dayNumber, isoDay, RejectLog, SupplyTerms as TermsRecord } from '@salescast/datagen';
import { engineWorkerPool, Executor } from '@salescast/forecasting';
import {
  DatedPaths,
  DemandPaths,
  interpolate,
  naivePolicy,
  oraclePolicy,
  OrderPolicy,
  PortfolioOutcome,
  salescastPolicy,
  SimulatedSku,
  simulatePortfolio,
  SupplyTerms,
  DEFAULT_COSTS,
  Costs,
} from '@salescast/planning';
import { Dataset, loadDataset } from '../dataset/load-dataset';
import { buildDailySeries } from '../dataset/daily-series';
import { readTruthRows } from '../evaluate/read-rows';
import { runForecast } from '../forecast/run-forecast';
import { demandForecastOf, termsOf } from '../forecast/reorder';

export interface SimulateOptions {
  data: string;
  /** First simulated day (default: `days` days before the last day with actuals). */
  from?: string;
  /** Simulated days. */
  days: number;
  /** `sku,date,quantity` actuals after the data set's last day (the generator's truth/daily_truth.csv). */
  truth?: string;
  /** Simulate the N SKUs with the highest revenue in the year before `from`. */
  top?: number;
  /** Days between two forecasts (the forecast is re-made from the actuals up to then). */
  refreshDays: number;
  /** Review period for SKUs whose terms have none. */
  reviewDays: number;
  /** Terms for SKUs without supply terms (e.g. Online Retail, which has none). */
  defaultTerms?: Omit<SupplyTerms, 'supplier' | 'reviewDays'>;
  serviceLevels: number[];
  coverFactors: number[];
  oracleScales: number[];
  /** Copula dependence of the demand paths. */
  dependence?: number;
  samples: number;
  costs?: Costs;
  members?: string[];
  seed: number;
  workers: number;
  onStage?: (stage: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface PolicyPoint {
  family: 'salescast' | 'naive' | 'oracle';
  parameter: number;
  outcome: Omit<PortfolioOutcome, 'perSku'>;
}

/** salescast at the naive policy's fill rate (turns) and at its average stock (stockout days). */
export interface MatchedComparison {
  naiveCover: number;
  naive: PolicyPoint['outcome'];
  /** Turns of salescast / of the naive policy − 1, at the naive policy's fill rate (undefined: not reached). */
  turnsGain?: number;
  salescastServiceLevelAtFill?: number;
  /** 1 − stockout days of salescast / of the naive policy, at the naive policy's average stock value. */
  stockoutDaysCut?: number;
  oracleTurnsGain?: number;
  oracleStockoutDaysCut?: number;
}

export interface SimulationResult {
  from: string;
  to: string;
  skus: number;
  origins: string[];
  points: PolicyPoint[];
  matched: MatchedComparison[];
  /** Per SKU (salescast at the service level closest to 0.95): outcome for the report. */
  seconds: number;
}

/** Actual daily demand (gross units ordered) of a SKU on day numbers [from, to). */
function actualDemand(dataset: Dataset, sku: string, from: number, to: number): number[] {
  const units = dataset.daily.get(sku)?.units;
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => units?.get(from + i) ?? 0);
}

/**
 * `salescast simulate`: forecasts each SKU from the actuals known at every `refreshDays`-th day of the
 * window (the engine, as `salescast forecast` runs it), then replays salescast's plan, the naive policy
 * and the oracle day by day against the actual demand, over a grid of their parameters.
 */
export async function runSimulation(options: SimulateOptions): Promise<SimulationResult> {
  const started = Date.now();
  options.onStage?.(`reading ${options.data}`);
  const dataset = await loadDataset(options.data, { rejects: new RejectLog() });
  if (options.truth) {
    for (const r of await readTruthRows(options.truth)) {
      const day = dayNumber(r.date);
      const d = dataset.daily.get(r.sku);
      if (!d || day <= dataset.lastDay) continue;
      d.units.set(day, r.quantity);
    }
    let last = dataset.lastDay;
    for (const d of dataset.daily.values()) for (const day of d.units.keys()) if (day > last) last = day;
    dataset.lastDay = last;
  }
  const from = options.from ? dayNumber(options.from) : dataset.lastDay - options.days + 1;
  const to = from + options.days;
  if (to - 1 > dataset.lastDay)
    throw new Error(
      `the window ${isoDay(from)} → ${isoDay(to - 1)} runs past the last actual day ${isoDay(dataset.lastDay)}: shorten --days or give --truth`,
    );

  const termsFor = (t: TermsRecord | undefined): SupplyTerms | undefined => {
    const terms =
      termsOf(t) ?? (options.defaultTerms && { supplier: 'assumed', reviewDays: 0, ...options.defaultTerms });
    return terms && { ...terms, reviewDays: terms.reviewDays > 0 ? terms.reviewDays : options.reviewDays };
  };
  const first = buildDailySeries(dataset, { asOf: isoDay(from - 1), top: options.top, seed: options.seed });
  const chosen = first.series.filter((s) => termsFor(s.terms));
  if (!chosen.length)
    throw new Error(
      'no SKU to simulate: none has sales before the window and supply terms (give --lead-time/--moq)',
    );
  const skus: SimulatedSku[] = chosen.map((s) => ({
    sku: s.sku.sku,
    unitValue: s.lastPrice > 0 ? s.lastPrice : s.sku.unitPrice,
    terms: termsFor(s.terms) as SupplyTerms,
    demand: actualDemand(dataset, s.sku.sku, from, to),
    history: actualDemand(dataset, s.sku.sku, from - 56, from),
    after: actualDemand(dataset, s.sku.sku, to, Math.min(dataset.lastDay + 1, to + 200)),
  }));
  const wanted = new Set(skus.map((s) => s.sku));
  const maxCover = Math.max(...skus.map((s) => s.terms.leadTimeDays + s.terms.reviewDays));

  const origins: number[] = [];
  for (let o = from; o < to; o += options.refreshDays) origins.push(o);
  const forecasts = new Map<string, DatedPaths[]>();
  const executor: Executor | undefined = options.workers > 1 ? engineWorkerPool(options.workers) : undefined;
  try {
    const total = origins.length * skus.length;
    for (const [k, o] of origins.entries()) {
      options.onStage?.(`forecasting from ${isoDay(o - 1)} (${k + 1}/${origins.length})`);
      const selection = buildDailySeries(dataset, { asOf: isoDay(o - 1), seed: options.seed });
      selection.series = selection.series.filter((s) => wanted.has(s.sku.sku));
      const horizon = Math.min(to - o, options.refreshDays) + maxCover;
      const run = await runForecast(selection, {
        horizon,
        seed: options.seed,
        members: options.members,
        executor,
        onProgress: (done) => options.onProgress?.(k * skus.length + done, total),
      });
      for (const f of run.forecasts) {
        const sku = skus.find((s) => s.sku === f.input.sku.sku) as SimulatedSku;
        const demand = demandForecastOf(f, run.asOf);
        const paths = new DemandPaths(demand, {
          samples: options.samples,
          dependence: options.dependence,
          days: Math.max(horizon, options.refreshDays + sku.terms.leadTimeDays + sku.terms.reviewDays + 1),
        });
        const list = forecasts.get(sku.sku) ?? [];
        list.push({ firstDay: o - from, paths });
        forecasts.set(sku.sku, list);
      }
    }
  } finally {
    await executor?.close();
  }
  options.onStage?.('replaying the policies day by day');
  const costs = options.costs ?? DEFAULT_COSTS;
  const point = (family: PolicyPoint['family'], parameter: number, policy: OrderPolicy): PolicyPoint => {
    const { perSku: _perSku, ...outcome } = simulatePortfolio(skus, policy, costs);
    return { family, parameter, outcome };
  };
  const points: PolicyPoint[] = [
    ...options.serviceLevels.map((sl) => point('salescast', sl, salescastPolicy(forecasts, sl))),
    ...options.coverFactors.map((c) => point('naive', c, naivePolicy(c))),
    ...options.oracleScales.map((s) => point('oracle', s, scaledOracle(s))),
  ];
  return {
    from: isoDay(from),
    to: isoDay(to - 1),
    skus: skus.length,
    origins: origins.map((o) => isoDay(o - 1)),
    points,
    matched: matchedComparisons(points),
    seconds: (Date.now() - started) / 1000,
  };
}

/** The oracle ordering `scale` × the actual demand of the coming lead time + review (scale 1 = the oracle). */
function scaledOracle(scale: number): OrderPolicy {
  const oracle = oraclePolicy();
  return { name: `oracle ×${scale}`, orderUpTo: (sku, t, p) => scale * oracle.orderUpTo(sku, t, p) };
}

/**
 * For every naive setting: salescast's turns at the naive fill rate and its stockout days at the naive
 * average stock value, read off salescast's curve over its service levels (linear between neighbours);
 * the same for the oracle over its scales.
 */
export function matchedComparisons(points: readonly PolicyPoint[]): MatchedComparison[] {
  const of = (f: PolicyPoint['family']) => points.filter((p) => p.family === f);
  const fill = (p: PolicyPoint) => p.outcome.fillRate;
  const stock = (p: PolicyPoint) => p.outcome.averageStockValue;
  const gain = (a: number | undefined, b: number) => (a === undefined || b <= 0 ? undefined : a / b - 1);
  const cut = (a: number | undefined, b: number) => (a === undefined || b <= 0 ? undefined : 1 - a / b);
  return of('naive').map((n) => {
    const s = of('salescast');
    const o = of('oracle');
    return {
      naiveCover: n.parameter,
      naive: n.outcome,
      turnsGain: gain(
        interpolate(s, fill, (p) => p.outcome.inventoryTurns, fill(n)),
        n.outcome.inventoryTurns,
      ),
      salescastServiceLevelAtFill: interpolate(s, fill, (p) => p.parameter, fill(n)),
      stockoutDaysCut: cut(
        interpolate(s, stock, (p) => p.outcome.stockoutDays, stock(n)),
        n.outcome.stockoutDays,
      ),
      oracleTurnsGain: gain(
        interpolate(o, fill, (p) => p.outcome.inventoryTurns, fill(n)),
        n.outcome.inventoryTurns,
      ),
      oracleStockoutDaysCut: cut(
        interpolate(o, stock, (p) => p.outcome.stockoutDays, stock(n)),
        n.outcome.stockoutDays,
      ),
    };
  });
}
