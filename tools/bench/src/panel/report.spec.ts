import { ALL_GROUPS, GroupBias, PanelRow } from './metrics';
import { biasSummary, orderRows, panelToJson, panelToText, PanelReport, summaryTable } from './report';

const row = (method: string, kind: PanelRow['kind'], wape: number, acc: number): PanelRow => ({
  method,
  kind,
  mape_month: 20,
  mape_month_top: 100 - acc,
  accuracy_top: acc,
  direction_top: 0.5,
  direction_all: 0.5,
  wape_month: wape,
  wape_month_top: wape,
  mase: 1,
  rmse_month: 10,
  mae_month: 5,
  coverage80: kind === 'baseline' ? null : 0.8,
  msis80: kind === 'baseline' ? null : 4.5,
  seconds_per_sku: null,
});

const bias = (group: string, month: string, b: number): GroupBias => ({
  group,
  month,
  forecast: 100 * (1 + b),
  reference: 100,
  bias: b,
});

const table = (seed: number, ours: number, oracle: number) => ({
  label: `generated seed ${seed}`,
  dataset: `generated-varied-seed${seed}`,
  asOf: '2025-06-30',
  horizon: 62,
  skus: 40,
  topSkus: 8,
  rows: [
    row('oracle', 'oracle', oracle, 90),
    row('statsforecast mean', 'peer', 18, 80),
    row('seasonal_ratio_naive', 'baseline', 20, 82),
    row('salescast', 'ours', ours, 85),
  ],
  gapClosed: { value: (20 - ours) / (20 - oracle), bestBaseline: 'seasonal_ratio_naive' },
  bias: {
    reference: 'expectation' as const,
    groups: [
      bias('garden', '2025-07', ours / 100),
      bias('garden', '2025-08', -ours / 100),
      bias(ALL_GROUPS, '2025-07', 0.01),
      bias(ALL_GROUPS, '2025-08', 0),
    ],
  },
  notes: ['a note'],
});

describe('panel report', () => {
  const report: PanelReport = {
    dataset: 'generated (varied, scale 0.002)',
    over: 'seed',
    tables: [table(1, 15, 10), table(2, 19, 10)],
    notes: ['data note'],
  };

  it('orders rows ours, members, baselines, peer, oracle', () => {
    expect(orderRows(report.tables[0].rows).map((r) => r.kind)).toEqual([
      'ours',
      'baseline',
      'peer',
      'oracle',
    ]);
  });

  it('summarises each seed, the mean and the worst, and names the worst seed', () => {
    const text = summaryTable(report);
    const ours = text.split('\n').find((l) => l.startsWith('salescast'))!;
    // WAPE per seed 15.0, 19.0, mean 17.0, worst 19.0; accuracy 85 everywhere.
    expect(ours.split(/\s+/).slice(2, 6)).toEqual(['15.0', '19.0', '17.0', '19.0']);
    expect(text).toMatch(/seed 1 50\.0 %, seed 2 10\.0 %; worst seed 2: 10\.0 %/);
    expect(text).toMatch(/worst seed for ours \(highest monthly WAPE\): seed 2/);
  });

  it('prints every table with its gap and notes, and a JSON document with every table', () => {
    const text = panelToText(report);
    expect(text).toMatch(/generated seed 1: 40 SKUs \(top 20 % by revenue: 8\)/);
    expect(text).toMatch(/gap closed \(monthly WAPE\): 50\.0 %/);
    expect(text).toMatch(/- a note/);
    // the interval score beside the coverage: ours has one, a baseline without a band has none
    expect(text).toMatch(/cov80\s+MSIS80/);
    expect(text).toMatch(/^salescast\s.*80\.0%\s+4\.50\s/m);
    const json = panelToJson(report);
    expect(json.tables).toHaveLength(2);
    expect(json.tables[1].gap_closed).toBeCloseTo(0.1, 10);
    expect(json.rows[0].method).toBe('salescast');
    expect(json.tables[0].notes).toEqual(['a note']);
  });

  it('prints the bias by category and month per seed and over the seeds with --by-category, and in the JSON', () => {
    expect(panelToText(report)).not.toMatch(/by category/);
    const text = panelToText(report, { byCategory: true });
    expect(text).toMatch(
      /generated seed 1: salescast by category and month against the generator's noise-free mean/,
    );
    expect(text.split('\n').find((l) => l.startsWith('garden'))).toMatch(/^garden\s+\+15\.0\s+−15\.0$/);
    // over the seeds: garden's July +15 and +19 → mean +17, range [+15, +19]
    const summary = biasSummary(report).split('\n');
    expect(summary.find((l) => l.startsWith('garden'))).toMatch(
      /\+17\.0 \[\+15\.0, \+19\.0\]\s+−17\.0 \[−19\.0, −15\.0\]/,
    );
    // the line of every SKU comes last
    expect(summary[summary.length - 1]).toMatch(/^\(all SKUs\)\s+\+1\.0/);
    const json = panelToJson(report);
    expect(json.tables[0].bias_by_category?.groups[0]).toMatchObject({
      group: 'garden',
      month: '2025-07',
      bias: 0.15,
    });
  });
});
