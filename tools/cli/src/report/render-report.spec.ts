import { SkuForecast } from '../forecast/run-forecast';
import { buildReportData } from './report-data';
import { renderReport } from './render-report';

function forecast(name: string): SkuForecast {
  const y = Array.from({ length: 400 }, (_, i) => (i >= 300 && i < 320 ? 0 : 3 + (i % 7)));
  const mean = new Array(14).fill(4);
  return {
    input: {
      sku: { sku: 'A', name, category: 'home', unitPrice: 5, launchedOn: '2024-01-01' },
      terms: { sku: 'A', supplier: 'S', moq: 10, leadTimeDays: 5 },
      series: { id: 'A', freq: 'daily', start: '2024-01-01', y },
      context: { seasonPeriod: 7, disruptions: [{ kind: 'shutdown', window: { start: 300, end: 320 } }] },
      returned: y.map(() => 0),
      revenueLastYear: 1000,
      unitsLastYear: 200,
      returnedLastYear: 20,
      lastPrice: 5,
    },
    result: {
      id: 'A',
      forecast: { mean, intervals: {} },
      model: { model: 'ensemble', schemaVersion: 1, params: {} },
      chosen: 'ensemble',
      weights: { ets: 0.7, snaive: 0.3 },
      backtest: [
        { member: 'ensemble', smape: 20, mase: 0.8, wape: 18 },
        { member: 'ets', smape: 22, mase: 0.9, wape: 19 },
      ],
      seconds: 0.1,
    },
    dates: Array.from({ length: 14 }, (_, i) =>
      new Date(Date.UTC(2025, 1, 4 + i)).toISOString().slice(0, 10),
    ),
    mean,
    p10: mean.map((m) => m - 2),
    p50: mean,
    p90: mean.map((m) => m + 2),
    band: { lower: mean.map((m) => m - 2), upper: mean.map((m) => m + 2) },
  };
}

describe('report', () => {
  const run = {
    asOf: '2025-02-03',
    horizon: 14,
    forecasts: [forecast('Lamp </script><script>alert(1)</script>')],
    skipped: [{ sku: 'B', reason: 'discontinued' }],
    seconds: 1,
    aggregates: [],
    closedWeekdays: [],
  };
  const data = buildReportData({
    run,
    reorder: [],
    serviceLevel: 0.95,
    dataDir: 'data/x',
    rejects: { total: 2, byFile: { 'sales_lines.csv': 2 } },
    now: new Date('2025-02-04T10:00:00Z'),
  });

  it('summarises history weekly, marks the shutdown window by date, and ranks backtest accuracy', () => {
    const sku = data.skus[0];
    expect(sku.weekly.start).toBe('2024-01-01'); // a Monday
    // Weeks touching the closure are gaps, not zero sales; the others add up to the open days' sales.
    const y = run.forecasts[0].input.series.y;
    const closedWeeks = sku.weekly.values.flatMap((v, w) => (v === null ? [w] : []));
    expect(closedWeeks).toEqual([42, 43, 44, 45]);
    const openWeeksTotal = y.reduce((a, v, i) => (closedWeeks.includes(Math.floor(i / 7)) ? a : a + v), 0);
    expect(sku.weekly.values.reduce<number>((a, b) => a + (b ?? 0), 0)).toBeCloseTo(openWeeksTotal);
    expect(sku.daily.values.filter((v) => v === null)).toHaveLength(20);
    expect(sku.closures).toEqual([{ start: '2024-10-27', end: '2024-11-15' }]);
    expect(sku.backtest).toEqual({ smape: 20, mase: 0.8, wape: 18 });
    expect(sku.returnRate).toBe(0.1);
    expect(data.accuracy.map((a) => a.member)).toEqual(['ensemble', 'ets']);
    expect(data.total.forecastWeekly.mean).toEqual(new Array(14).fill(4));
  });

  it('renders one self-contained page whose embedded data cannot break out of its script tag', () => {
    const html = renderReport(data);
    expect(html).not.toMatch(/<(script|link)[^>]+src=/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const json = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(
      html,
    )?.[1] as string;
    expect(JSON.parse(json).skus[0].name).toBe('Lamp </script><script>alert(1)</script>');
    expect(html).toContain('function reportApp(doc, data)');
  });
});
