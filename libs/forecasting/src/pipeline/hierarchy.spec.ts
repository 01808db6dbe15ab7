import { periodsBetween } from '../core/calendar';
import { seededRandom } from '../core/stats';
import { Series } from '../core/types';
import { ReconciledModel, reconciledJSON } from '../core/reconciled';
import { defaultRegistry } from './registry';
import { forecastPanel } from './panel';
import {
  aggregateJobsOf,
  closedWeekdaysOf,
  forecastHierarchy,
  hierarchyContexts,
  HierarchyJob,
  LINK_RAMP_DAYS,
  linkedGroupHistory,
  MAX_RECONCILIATION_FACTOR,
  reconciliationFactors,
  sumSeries,
} from './hierarchy';

/** A daily SKU from 2024-01-01 (a Monday) that never sells on Saturdays. */
function sku(id: string, days: number, rate: number, seed: number, offset = 0): Series {
  const u = seededRandom(seed);
  const y = Array.from({ length: days }, (_, t) => {
    const weekday = (1 + offset + t) % 7; // getUTCDay(): 2024-01-01 is a Monday (1)
    return weekday === 6 ? 0 : Math.round(rate * (0.5 + u()));
  });
  const start = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10);
  return { id, freq: 'daily', start, y };
}

describe('sumSeries', () => {
  it('adds series by date from the earliest start', () => {
    const a: Series = { id: 'a', freq: 'daily', start: '2024-01-01', y: [1, 2, 3] };
    const b: Series = { id: 'b', freq: 'daily', start: '2024-01-02', y: [10, 20] };
    expect(sumSeries('g', [a, b])).toEqual({ id: 'g', freq: 'daily', start: '2024-01-01', y: [1, 12, 23] });
  });
});

describe('linkedGroupHistory', () => {
  const DAY = 86_400_000;
  const iso = (d: number) => new Date(Date.UTC(2021, 0, 1) + d * DAY).toISOString().slice(0, 10);
  /** Daily units from day `from` to day 1095 (2021-01-01 …), `level` × a summer season. */
  const line = (id: string, from: number, level: number): Series => ({
    id,
    freq: 'daily',
    start: iso(from),
    y: Array.from({ length: 1095 - from }, (_, t) => {
      const month = new Date(Date.UTC(2021, 0, 1) + (from + t) * DAY).getUTCMonth();
      return level * (month >= 5 && month <= 7 ? 1.5 : 1);
    }),
  });
  const monthMean = (s: Series, month: string) => {
    const from = periodsBetween(s.start, `${month}-01`, 'daily');
    const days = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).getUTCDate();
    return s.y.slice(from, from + days).reduce((a, v) => a + v, 0) / days;
  };

  it("keeps the group's season where a large SKU's launch makes the plain sum step up", () => {
    // two SKUs from the start, a third ten times their size launched on 2022-08-01 (day 577)
    const members = [line('a', 0, 10), line('b', 0, 10), line('big', 577, 200)];
    const sum = sumSeries('g', members);
    const linked = linkedGroupHistory('g', members);
    // the plain sum: August 2022 eleven times July (a launch read as season); linked: the season alone
    expect(monthMean(sum, '2022-08') / monthMean(sum, '2022-07')).toBeGreaterThan(10);
    expect(monthMean(linked, '2022-08') / monthMean(linked, '2022-07')).toBeCloseTo(1, 6);
    expect(monthMean(linked, '2022-09') / monthMean(linked, '2022-08')).toBeCloseTo(1 / 1.5, 6);
    // ... and every season a year apart alike; the last month at the sum's own level
    expect(monthMean(linked, '2021-09') / monthMean(linked, '2021-08')).toBeCloseTo(1 / 1.5, 6);
    expect(monthMean(linked, '2023-12')).toBeCloseTo(monthMean(sum, '2023-12'), 6);
    // once past its ramp the new SKU links too: its own season moves the group
    expect(LINK_RAMP_DAYS).toBeLessThan(365);
    expect(monthMean(linked, '2023-06') / monthMean(linked, '2023-05')).toBeCloseTo(1.5, 6);
  });

  it('is the plain sum when no SKU is launched inside the data, a shutdown included', () => {
    const members = [line('a', 0, 10), line('b', 0, 30)];
    const shut = members.map((m) => ({ ...m, y: m.y.map((v, t) => (t >= 400 && t < 450 ? 0 : v)) }));
    const disrupted = Array.from({ length: 1095 }, (_, t) => t >= 400 && t < 450);
    const linked = linkedGroupHistory('g', shut, disrupted);
    linked.y.forEach((v, t) => expect(v).toBeCloseTo(sumSeries('g', shut).y[t], 9));
  });

  it('keeps a launch in the months of a shutdown as a step, as it keeps the shutdown and the recovery', () => {
    // shut from 2022-02-05 to 2022-03-26 (days 400–449); a SKU ten times the others' size launched on day 440,
    // selling from the reopening (day 450, 2022-03-27). The months that touch the shutdown are not linked:
    // linked across them, the launch would be divided out of every month before it (the history scaled up).
    const shutDays = (t: number) => t >= 400 && t < 450;
    const members = [line('a', 0, 10), line('b', 0, 10), line('big', 440, 200)].map((m) => {
      const offset = periodsBetween(iso(0), m.start, 'daily');
      return { ...m, y: m.y.map((v, t) => (shutDays(offset + t) ? 0 : v)) };
    });
    const disrupted = Array.from({ length: 1095 }, (_, t) => shutDays(t));
    const sum = sumSeries('g', members);
    const linked = linkedGroupHistory('g', members, disrupted);
    expect(monthMean(linked, '2022-01')).toBeCloseTo(monthMean(sum, '2022-01'), 6);
    expect(monthMean(linked, '2022-04')).toBeCloseTo(monthMean(sum, '2022-04'), 6);
    // without a disruption declared, the same step is a launch and is linked away
    const plain = linkedGroupHistory('g', members);
    expect(monthMean(plain, '2022-01') / monthMean(sum, '2022-01')).toBeGreaterThan(2);
  });
});

describe('closedWeekdaysOf', () => {
  it('finds the weekday nobody sells on', () => {
    expect(closedWeekdaysOf(sku('a', 120, 10, 1))).toEqual([6]);
  });
  it('finds none when every weekday sells', () => {
    const open: Series = { id: 'o', freq: 'daily', start: '2024-01-01', y: new Array(120).fill(3) };
    expect(closedWeekdaysOf(open)).toEqual([]);
  });
});

describe('hierarchyContexts', () => {
  /** A SKU selling ~`rate` a day for 400 days, lifted ×1.5 during its two promotion weeks. */
  function promoted(id: string, rate: number, seed: number): HierarchyJob {
    const promotions = [
      { start: 60 + seed, end: 67 + seed },
      { start: 250 + 2 * seed, end: 257 + 2 * seed },
    ];
    const u = seededRandom(seed);
    const y = Array.from({ length: 400 }, (_, t) => {
      const lift = promotions.some((w) => t >= w.start && t < w.end) ? 1.5 : 1;
      return Math.round(rate * lift * (0.5 + u()));
    });
    return {
      series: { id, freq: 'daily', start: '2024-01-01', y },
      context: { seasonPeriod: 7, promotions },
      group: 'g',
    };
  }

  it("gives every SKU the panel's promotion prior, learned from the SKUs' past promotions", () => {
    const jobs = Array.from({ length: 8 }, (_, i) => promoted(`s${i}`, 10 + i, i + 1));
    const plain: HierarchyJob = { series: sku('p', 400, 10, 9), context: { seasonPeriod: 7 }, group: 'g' };
    const { skuJobs, promotionPrior } = hierarchyContexts([...jobs, plain]);
    expect(promotionPrior?.skus).toBe(8);
    expect(Math.exp(promotionPrior!.logLift)).toBeGreaterThan(1.3);
    expect(Math.exp(promotionPrior!.logLift)).toBeLessThan(1.7);
    for (const job of skuJobs) expect(job.context.promotionPrior).toEqual(promotionPrior);
    // too few SKUs with promotions: no prior, each SKU on its own
    expect(hierarchyContexts([...jobs.slice(0, 3), plain]).skuJobs[0].context.promotionPrior).toBeUndefined();
  });
});

describe('forecastHierarchy', () => {
  const jobs: HierarchyJob[] = [
    { series: sku('a1', 200, 20, 1), context: { seasonPeriod: 7 }, group: 'a' },
    { series: sku('a2', 170, 5, 2, 30), context: { seasonPeriod: 7 }, group: 'a' },
    { series: sku('b1', 200, 50, 3), context: { seasonPeriod: 7 }, group: 'b' },
    { series: sku('b2', 60, 1, 4, 140), context: { seasonPeriod: 7 }, group: 'b' },
  ];
  let result: Awaited<ReturnType<typeof forecastHierarchy>>;
  beforeAll(async () => {
    result = await forecastHierarchy(jobs, { horizon: 21, members: ['seasonal_ratio', 'tsb'], levels: [80] });
  });

  it('adds up: the SKUs of a group sum to the group, the groups to the total, at every step', () => {
    expect(result.groups.map((g) => [g.id, g.skus])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    for (let k = 0; k < 21; k++) {
      const a = result.skus[0].forecast.mean[k] + result.skus[1].forecast.mean[k];
      const b = result.skus[2].forecast.mean[k] + result.skus[3].forecast.mean[k];
      expect(result.groups[0].forecast.mean[k]).toBeCloseTo(a, 9);
      expect(result.groups[1].forecast.mean[k]).toBeCloseTo(b, 9);
      expect(result.total.forecast.mean[k]).toBeCloseTo(a + b, 9);
    }
  });

  it('matches the total to its own forecast week by week with totalWeight 1', async () => {
    const whole = await forecastHierarchy(jobs, {
      horizon: 21,
      members: ['seasonal_ratio', 'tsb'],
      levels: [80],
      totalWeight: 1,
    });
    const own = whole.total.base.forecast.mean;
    for (let w = 0; w < 3; w++) {
      const week = (xs: number[]) => xs.slice(7 * w, 7 * w + 7).reduce((s, v) => s + v, 0);
      expect(week(whole.total.forecast.mean)).toBeCloseTo(week(own), 6);
    }
    // by default the total's own forecast is half its level: the same fits, reconciled otherwise
    expect(result.total.base.forecast.mean).toEqual(own);
    expect(result.total.forecast.mean).not.toEqual(whole.total.forecast.mean);
  });

  it('rejects a total weight outside [0, 1] before fitting anything', async () => {
    await expect(forecastHierarchy(jobs, { horizon: 21, totalWeight: 1.5 })).rejects.toThrow(
      /totalWeight must be in \[0, 1\], got 1.5/,
    );
  });

  it('forecasts 0 on the shop-wide closed weekday, for every SKU and level', () => {
    expect(result.closedWeekdays).toEqual([6]);
    // the series end on 2024-07-18 (a Thursday): step 2 (index 1) is the first Saturday
    for (const k of [1, 8, 15]) {
      for (const r of result.skus) expect(r.forecast.mean[k]).toBe(0);
      expect(result.total.forecast.mean[k]).toBe(0);
    }
    expect(result.total.forecast.mean[0]).toBeGreaterThan(0);
  });

  it('keeps each SKU near its own level (reconciliation moves levels, it does not swap SKUs)', () => {
    const weekly = (k: number) => result.skus[k].forecast.mean.slice(0, 7).reduce((s, v) => s + v, 0);
    expect(weekly(2)).toBeGreaterThan(weekly(0));
    expect(weekly(0)).toBeGreaterThan(weekly(1));
    expect(weekly(0) / 7).toBeGreaterThan(10);
    expect(weekly(0) / 7).toBeLessThan(30);
  });
});

describe('reconciliationFactors', () => {
  const flat = (v: number, n = 4) => new Array<number>(n).fill(v);
  /** Group a: SKUs 4 and 6 (sum 10), its own forecast 14 → blended 12; group b: one SKU of 20, its own 20. */
  const twoGroups = (total: number) =>
    reconciliationFactors({
      skus: [
        { group: 'a', mean: flat(4) },
        { group: 'a', mean: flat(6) },
        { group: 'b', mean: flat(20) },
      ],
      groups: new Map([
        ['a', flat(14)],
        ['b', flat(20)],
      ]),
      total: flat(total),
      freq: 'monthly',
    });

  it('moves a group of SKUs halfway to its own forecast, and the groups to the total', () => {
    // the groups' levels 12 and 20; the total's own forecast 32 = 12 + 20 leaves them there
    const factors = twoGroups(32);
    factors[0].forEach((f) => expect(f).toBeCloseTo(1.2, 12));
    expect(factors[1]).toEqual(factors[0]);
    factors[2].forEach((f) => expect(f).toBeCloseTo(1, 12));
  });

  it("adds up to the total, and leaves a group without its own forecast at its SKUs' sum before that", () => {
    const skus = [
      { group: 'a', mean: [1, 2, 3, 4] },
      { group: 'b', mean: [4, 3, 2, 1] },
    ];
    const factors = reconciliationFactors({
      skus,
      groups: new Map(),
      total: flat(6),
      freq: 'monthly',
      totalWeight: 1,
    });
    for (let k = 0; k < 4; k++)
      expect(skus[0].mean[k] * factors[0][k] + skus[1].mean[k] * factors[1][k]).toBeCloseTo(6, 12);
  });

  it("sets the total halfway between its own forecast and the sum of the groups' levels", () => {
    // the groups' levels 12 and 20 sum to 32, the total's own forecast is 40 → the total's level 36, so
    // a: 12 × 36/32 = 13.5 (factor 1.35), b: 22.5 (1.125)
    const factors = twoGroups(40);
    factors[0].forEach((f) => expect(f).toBeCloseTo(1.35, 12));
    factors[2].forEach((f) => expect(f).toBeCloseTo(1.125, 12));
    // a total weight of 0 leaves the total at the groups' sum; the weight must be in [0, 1]
    const bottomUp = reconciliationFactors({
      skus: [{ group: 'a', mean: flat(10) }],
      groups: new Map([['a', flat(14)]]),
      total: flat(40),
      freq: 'monthly',
      totalWeight: 0,
    });
    bottomUp[0].forEach((f) => expect(f).toBeCloseTo(1.2, 12));
    expect(() =>
      reconciliationFactors({
        skus: [],
        groups: new Map(),
        total: flat(1),
        freq: 'monthly',
        totalWeight: -0.1,
      }),
    ).toThrow(/totalWeight must be in \[0, 1\]/);
  });

  it('bounds the move by MAX_RECONCILIATION_FACTOR either way', () => {
    const factors = reconciliationFactors({
      skus: [
        { group: 'a', mean: flat(10) },
        { group: 'b', mean: flat(10) },
      ],
      groups: new Map([
        ['a', flat(1000)],
        ['b', flat(0.01)],
      ]),
      total: flat(1000),
      freq: 'monthly',
      groupWeight: 1,
    });
    factors[0].forEach((f) => expect(f).toBe(MAX_RECONCILIATION_FACTOR));
    factors[1].forEach((f) => expect(f).toBeGreaterThanOrEqual(1 / MAX_RECONCILIATION_FACTOR));
  });

  it("rejects forecasts of another length than the total's", () => {
    expect(() =>
      reconciliationFactors({
        skus: [{ group: 'a', mean: [1, 2] }],
        groups: new Map(),
        total: [1, 2, 3],
        freq: 'monthly',
      }),
    ).toThrow(/3 steps/);
  });
});

describe('the hierarchy in stages (as the training service runs it)', () => {
  it('gives the forecasts of forecastHierarchy: SKUs and aggregates fitted apart, then reconciled models', async () => {
    const jobs: HierarchyJob[] = [
      { series: sku('a1', 200, 20, 11), context: { seasonPeriod: 7 }, group: 'a' },
      { series: sku('a2', 200, 5, 12), context: { seasonPeriod: 7 }, group: 'a' },
      { series: sku('b1', 200, 40, 13), context: { seasonPeriod: 7 }, group: 'b' },
    ];
    const options = { horizon: 21, members: ['seasonal_ratio', 'tsb'], levels: [80] };
    const whole = await forecastHierarchy(jobs, options);

    // the panel stage: the context and the aggregates' own forecasts; the batches: each SKU on its own
    const contexts = hierarchyContexts(jobs);
    const aggregates = await forecastPanel(aggregateJobsOf(contexts), { ...options, globalModel: false });
    const skus = await Promise.all(
      contexts.skuJobs.map(async (j) => (await forecastPanel([j], { ...options, globalModel: false }))[0]),
    );
    const factors = reconciliationFactors({
      skus: skus.map((r, i) => ({ group: jobs[i].group!, mean: r.forecast.mean })),
      groups: new Map(contexts.names.map((g, gi) => [g, aggregates[gi].forecast.mean])),
      total: aggregates[aggregates.length - 1].forecast.mean,
      freq: 'daily',
    });
    const registry = defaultRegistry();
    skus.forEach((r, i) => {
      // what the registry stores and the prediction service restores
      const served = registry.fromJSON(JSON.parse(JSON.stringify(reconciledJSON(r.model, factors[i]))));
      expect(served).toBeInstanceOf(ReconciledModel);
      const f = served.predict(21, [80]);
      f.mean.forEach((v, k) => expect(v).toBeCloseTo(whole.skus[i].forecast.mean[k], 9));
      f.intervals[80].upper.forEach((v, k) =>
        expect(v).toBeCloseTo(whole.skus[i].forecast.intervals[80].upper[k], 9),
      );
    });
  });
});

describe('ReconciledModel', () => {
  const base = {
    model: 'constant',
    predict: (h: number) => ({ mean: new Array<number>(h).fill(10), intervals: {} }),
  };

  it('scales each step by its factor, and steps beyond them by the mean of the last week', () => {
    const factors = [2, 1, 1, 1, 1, 1, 1, 0.5];
    const m = new ReconciledModel(
      { ...base, toJSON: () => ({ model: 'constant', schemaVersion: 1, params: {} }) },
      factors,
    );
    const f = m.predict(10).mean;
    expect(f.slice(0, 8)).toEqual([20, 10, 10, 10, 10, 10, 10, 5]);
    const tail = ((6 + 0.5) / 7) * 10;
    expect(f[8]).toBeCloseTo(tail, 12);
    expect(f[9]).toBeCloseTo(tail, 12);
  });

  it('refuses factors that are not finite and positive', () => {
    const b = { ...base, toJSON: () => ({ model: 'constant', schemaVersion: 1, params: {} }) };
    expect(() => new ReconciledModel(b, [])).toThrow(/factors/);
    expect(() => new ReconciledModel(b, [1, NaN])).toThrow(/factors/);
    expect(() => new ReconciledModel(b, [1, 0])).toThrow(/factors/);
  });
});
