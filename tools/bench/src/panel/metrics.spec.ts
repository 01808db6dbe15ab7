import { ForecastRow, TruthRow } from '@salescast/cli';
import {
  ALL_GROUPS,
  gapClosed,
  gapOfRows,
  groupBias,
  PanelRow,
  PanelTruth,
  scorePanelMethod,
} from './metrics';

/** Two SKUs over two months of two days each (dates 2025-07-01/02 and 2025-08-01/02). */
const DATES = ['2025-07-01', '2025-07-02', '2025-08-01', '2025-08-02'];
const truthOf = (sku: string, q: number[]): TruthRow[] =>
  q.map((quantity, i) => ({ sku, date: DATES[i], quantity }));
const fcOf = (sku: string, m: number[], band?: [number, number]): ForecastRow[] =>
  m.map((mean, i) => ({ sku, date: DATES[i], mean, ...(band && { p10: band[0], p90: band[1] }) }));

describe('scorePanelMethod', () => {
  // A sells 10+10 in July, 20+20 in August; B 1+1 then 1+1. A is the top SKU (1 of 2 = 20 % rounded up).
  const truth: PanelTruth = {
    truth: [...truthOf('A', [10, 10, 20, 20]), ...truthOf('B', [1, 1, 1, 1])],
    prices: new Map([
      ['A', 5],
      ['B', 1],
    ]),
    // June: A sold 30, B sold 2.
    previousActual: (sku, period) => (period === '2025-06' ? (sku === 'A' ? 30 : 2) : undefined),
    // In-sample lag-7 naive MAE: A alternates 0/2 every week → |Δ| = 2; B constant → scale 0 (left out).
    scaleHistory: new Map([
      ['A', [0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2]],
      ['B', Array(14).fill(1)],
    ]),
  };

  it('computes every metric of the plan on SKU-months, MASE on SKU-days', () => {
    // A: July 15+15 = 30 (actual 20), August 15+15 = 30 (actual 40); B: exact.
    const row = scorePanelMethod(
      {
        method: 'm',
        kind: 'ours',
        rows: [...fcOf('A', [15, 15, 15, 15], [10, 20]), ...fcOf('B', [1, 1, 1, 1], [0, 0])],
      },
      truth,
    );
    // SKU-months: A 20→30 (50 %), A 40→30 (25 %), B 2→2, B 2→2: MAPE = 75/4.
    expect(row.mape_month).toBeCloseTo(75 / 4, 10);
    expect(row.mape_month_top).toBeCloseTo(37.5, 10);
    expect(row.accuracy_top).toBeCloseTo(62.5, 10);
    // WAPE: Σ|e| = 20 over Σ|A| = 64.
    expect(row.wape_month).toBeCloseTo((100 * 20) / 64, 10);
    expect(row.wape_month_top).toBeCloseTo((100 * 20) / 60, 10);
    // MAE and RMSE per SKU-month: errors 10, 10, 0, 0.
    expect(row.mae_month).toBeCloseTo(5, 10);
    expect(row.rmse_month).toBeCloseTo(Math.sqrt(200 / 4), 10);
    // MASE: A's daily MAE (5+5+5+5)/4 = 5 over its scale 2; B left out (scale 0, perfect forecast → NaN).
    expect(row.mase).toBeCloseTo(2.5, 10);
    // Direction, top (A): June 30 → July: actual down (20), forecast at 30 = flat → miss;
    // July 20 → August: actual up (40), forecast 30 up → hit. 1 of 2.
    expect(row.direction_top).toBeCloseTo(0.5, 10);
    // Coverage per SKU-day: A inside [10, 20] on July days (10) but not August (20 is inside!, 20 = p90).
    // A: 10,10,20,20 all in [10,20] → 4; B: 1 outside [0,0] → 0 of 4. 4 / 8.
    expect(row.coverage80).toBeCloseTo(0.5, 10);
    // Interval score per day: A inside its band of width 10 every day → 10, over its scale 2 → 5; B (outside
    // [0, 0] by 1 every day: 10 × 1) has scale 0 and is left out.
    expect(row.msis80).toBeCloseTo(5, 10);
    expect(row.kind).toBe('ours');
    expect(row.topSkus).toBe(1);
    expect(row.skus).toBe(2);
  });

  it('gives null coverage without intervals and says how many SKU-days had no forecast', () => {
    const row = scorePanelMethod({ method: 'b', kind: 'baseline', rows: fcOf('A', [10, 10, 20, 20]) }, truth);
    expect(row.coverage80).toBeNull();
    expect(row.msis80).toBeNull();
    expect(row.note).toMatch(/4 SKU-days without forecast/);
    expect(row.wape_month).toBeCloseTo(0, 10);
  });
});

describe('gap closed', () => {
  const row = (method: string, kind: PanelRow['kind'], wape: number): PanelRow => ({
    method,
    kind,
    mape_month: null,
    mape_month_top: null,
    accuracy_top: null,
    direction_top: null,
    direction_all: null,
    wape_month: wape,
    wape_month_top: null,
    mase: null,
    rmse_month: null,
    mae_month: null,
    coverage80: null,
    msis80: null,
    seconds_per_sku: null,
  });

  it('is the share of the best baseline → oracle gap that ours closes', () => {
    expect(gapClosed(20, 15, 10)).toBeCloseTo(0.5, 10);
    expect(gapClosed(20, 25, 10)).toBeCloseTo(-0.5, 10);
    expect(gapClosed(10, 9, 10)).toBeNaN();
    const g = gapOfRows([
      row('salescast', 'ours', 14),
      row('naive_level', 'baseline', 30),
      row('seasonal_ratio_naive', 'baseline', 18),
      row('statsforecast mean', 'peer', 12),
      row('oracle', 'oracle', 10),
    ]);
    expect(g.bestBaseline).toBe('seasonal_ratio_naive');
    expect(g.value).toBeCloseTo(0.5, 10);
  });
});

describe('groupBias', () => {
  const reference = [
    ...truthOf('A', [10, 10, 20, 20]),
    ...truthOf('B', [1, 1, 1, 1]),
    ...truthOf('C', [4, 4, 4, 4]),
  ].map((r) => ({ sku: r.sku, date: r.date, value: r.quantity }));
  const groupOf = (sku: string) => (sku === 'C' ? 'toys' : 'garden');

  it('sums the forecast against the reference by category and month, then over every SKU', () => {
    // garden: July 24 against 22, August 36 against 42; toys: 8 against 8 in July, nothing forecast in August
    const forecast = [...fcOf('A', [11, 11, 15, 15]), ...fcOf('B', [1, 1, 3, 3]), ...fcOf('C', [4, 4])];
    const out = groupBias(forecast, reference, groupOf);
    expect(out.map((g) => `${g.group} ${g.month}`)).toEqual([
      'garden 2025-07',
      'garden 2025-08',
      'toys 2025-07',
      'toys 2025-08',
      `${ALL_GROUPS} 2025-07`,
      `${ALL_GROUPS} 2025-08`,
    ]);
    expect(out[0]).toMatchObject({ forecast: 24, reference: 22 });
    expect(out[0].bias).toBeCloseTo(2 / 22, 12);
    expect(out[1].bias).toBeCloseTo(36 / 42 - 1, 12);
    expect(out[2].bias).toBe(0);
    // a SKU-day without forecast counts 0: toys' August is all missed
    expect(out[3].bias).toBe(-1);
    expect(out[4]).toMatchObject({ forecast: 32, reference: 30 });
  });

  it('gives NaN where the reference sums to 0', () => {
    const out = groupBias(
      fcOf('B', [1, 1, 1, 1]),
      truthOf('B', [0, 0, 0, 0]).map((r) => ({ ...r, value: r.quantity })),
      groupOf,
    );
    expect(out.every((g) => Number.isNaN(g.bias))).toBe(true);
  });
});
