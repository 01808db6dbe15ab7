import { byGroupThenMonth, GroupBias, PanelRow } from './metrics';
import { PanelTable } from './run-panel';

/** A panel data set's report: one table per origin (or seed), then a summary over them. */
export interface PanelReport {
  dataset: string;
  /** What varies between the tables: rolling origins or generator seeds. */
  over: 'origin' | 'seed';
  tables: Array<PanelTable & { label: string }>;
  notes: string[];
}

const KIND_ORDER: Record<PanelRow['kind'], number> = {
  ours: 0,
  member: 1,
  baseline: 2,
  peer: 3,
  reference: 4,
  oracle: 5,
};

const num = (x: number | null, digits = 1) => (x === null ? '—' : x.toFixed(digits));
const share = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

export const PANEL_COLUMNS: Array<[string, (r: PanelRow) => string]> = [
  ['method', (r) => r.method],
  ['kind', (r) => r.kind],
  ['MAPE', (r) => num(r.mape_month)],
  ['MAPE top', (r) => num(r.mape_month_top)],
  ['acc top', (r) => num(r.accuracy_top)],
  ['dir top', (r) => share(r.direction_top)],
  ['WAPE', (r) => num(r.wape_month)],
  ['WAPE top', (r) => num(r.wape_month_top)],
  ['MASE', (r) => num(r.mase, 3)],
  ['RMSE', (r) => num(r.rmse_month)],
  ['MAE', (r) => num(r.mae_month)],
  ['cov80', (r) => share(r.coverage80)],
  ['MSIS80', (r) => num(r.msis80, 2)],
  ['s/SKU', (r) => num(r.seconds_per_sku, 3)],
  ['note', (r) => r.note ?? ''],
];

/** Rows in table order: ours, members, baselines, peer, oracle; within a kind as produced. */
export function orderRows(rows: readonly PanelRow[]): PanelRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => KIND_ORDER[a.r.kind] - KIND_ORDER[b.r.kind] || a.i - b.i)
    .map(({ r }) => r);
}

/** Renders rows as an aligned text table (numbers right-aligned). */
export function renderGrid(header: string[], lines: string[][], leftColumns: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (leftColumns.has(i) ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

function renderTable(t: PanelTable & { label: string }): string {
  const rows = orderRows(t.rows);
  const left = new Set([0, 1, PANEL_COLUMNS.length - 1]);
  const g = t.gapClosed;
  return [
    `${t.label}: ${t.skus} SKUs (top 20 % by revenue: ${t.topSkus}), daily forecasts of ${t.horizon} days from ${t.asOf}, scored per SKU-month`,
    renderGrid(
      PANEL_COLUMNS.map(([h]) => h),
      rows.map((r) => PANEL_COLUMNS.map(([, f]) => f(r))),
      left,
    ),
    ...(Number.isFinite(g.value)
      ? [
          `gap closed (monthly WAPE): ${(100 * g.value).toFixed(1)} % of the gap between the best baseline (${g.bestBaseline}) and the oracle`,
        ]
      : []),
    ...t.notes.map((n) => `- ${n}`),
  ].join('\n');
}

/**
 * The summary over origins or seeds: per row, monthly WAPE and top-20 % accuracy of each table, their mean,
 * and the worst (highest WAPE, lowest accuracy); for generated data also the gap closed per seed.
 */
export function summaryTable(report: PanelReport): string {
  const labels = report.tables.map((t) => t.label.replace(/^.*?(seed \d+|\d{4}-\d{2}-\d{2})$/, '$1'));
  const methods: Array<{ method: string; kind: PanelRow['kind'] }> = [];
  for (const t of report.tables)
    for (const r of orderRows(t.rows))
      if (!methods.some((m) => m.method === r.method)) methods.push({ method: r.method, kind: r.kind });
  const cell = (method: string, f: (r: PanelRow) => number | null) =>
    report.tables.map((t) => {
      const r = t.rows.find((x) => x.method === method);
      return r ? f(r) : null;
    });
  const mean = (xs: Array<number | null>) =>
    xs.every((x) => x !== null) && xs.length ? xs.reduce<number>((a, b) => a + b!, 0) / xs.length : null;
  const worst = (xs: Array<number | null>, pick: (a: number, b: number) => number) =>
    xs.every((x) => x !== null) && xs.length ? xs.reduce<number>((a, b) => pick(a, b!), xs[0]!) : null;
  const header = [
    'method',
    'kind',
    ...labels.map((l) => `WAPE ${l}`),
    'WAPE mean',
    'WAPE worst',
    ...labels.map((l) => `acc top ${l}`),
    'acc top mean',
    'acc top worst',
  ];
  const lines = methods.map(({ method, kind }) => {
    const w = cell(method, (r) => r.wape_month);
    const a = cell(method, (r) => r.accuracy_top);
    return [
      method,
      kind,
      ...w.map((x) => num(x)),
      num(mean(w)),
      num(worst(w, Math.max)),
      ...a.map((x) => num(x)),
      num(mean(a)),
      num(worst(a, Math.min)),
    ];
  });
  const gaps = report.tables.map((t) => t.gapClosed.value);
  const out = [
    `${report.dataset}: summary over ${report.tables.length} ${report.over}s (monthly WAPE, top-20 % accuracy = 100 − top MAPE)`,
    renderGrid(header, lines, new Set([0, 1])),
  ];
  if (gaps.some(Number.isFinite)) {
    const worstGap = Math.min(...gaps.filter(Number.isFinite));
    const worstAt = labels[gaps.indexOf(worstGap)];
    out.push(
      `gap closed by ${report.tables[0].rows.find((r) => r.kind === 'ours')?.method ?? 'ours'} (best baseline → oracle, monthly WAPE): ${gaps
        .map((g, i) => `${labels[i]} ${Number.isFinite(g) ? `${(100 * g).toFixed(1)} %` : 'n/a'}`)
        .join(', ')}; worst ${worstAt}: ${(100 * worstGap).toFixed(1)} %`,
    );
  }
  const oursW = cell(
    report.tables[0]?.rows.find((r) => r.kind === 'ours')?.method ?? '',
    (r) => r.wape_month,
  );
  if (oursW.every((x) => x !== null) && oursW.length > 1) {
    const i = oursW.indexOf(Math.max(...(oursW as number[])));
    out.push(`worst ${report.over} for ours (highest monthly WAPE): ${labels[i]}`);
  }
  return out.join('\n');
}

export const PANEL_LEGEND =
  "MAPE / MAPE top: per SKU-month over SKU-months with a non-zero actual, all SKUs / the top 20 % by revenue over the horizon; acc top = 100 − MAPE top; dir top: share of top SKU-months whose forecast moves the same way from the previous month's actual as the actual did; WAPE / WAPE top: 100·Σ|A−F|/Σ|A| per SKU-month; MASE: daily MAE / in-sample MAE of the lag-7 naive over the last year, mean over SKUs; RMSE, MAE: units per SKU-month; cov80: share of SKU-days inside p10–p90; MSIS80: per SKU, the mean interval score of the daily p10–p90 (width + 10 × an actual's distance outside) over the MASE scale, mean over SKUs (lower is better); s/SKU: fit + forecast seconds per SKU. Definitions: docs/benchmarks.md.";

/** What panelToText prints besides the tables. */
export interface PanelTextOptions {
  /** Each table's `salescast` by category and month against the reference, and their mean over the tables. */
  byCategory?: boolean;
}

const signed = (x: number) =>
  Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}` : '—';

/**
 * Bias tables (`--by-category`): one line per category, one column per month, Σ forecast / Σ reference − 1 in
 * percent. `cells(group, month)` gives the figures to print for one cell.
 */
function biasGrid(groups: readonly GroupBias[], cells: (group: string, month: string) => string): string {
  const names = [...new Set(groups.map((g) => g.group))];
  const months = [...new Set(groups.map((g) => g.month))].sort();
  return renderGrid(
    ['category', ...months],
    names.map((n) => [n === '' ? '(none)' : n, ...months.map((m) => cells(n, m))]),
    new Set([0]),
  );
}

/** One table's bias by category and month (see PanelTable.bias). */
export function biasTable(t: PanelTable & { label: string }): string {
  if (!t.bias) return `${t.label}: no engine rows, no bias by category`;
  const { groups, reference } = t.bias;
  const at = new Map(groups.map((g) => [`${g.group}|${g.month}`, g]));
  return [
    `${t.label}: salescast by category and month against the ${reference === 'expectation' ? "generator's noise-free mean" : 'actual units'} (Σ forecast / Σ ${reference} − 1, %)`,
    biasGrid(groups, (g, m) => {
      const b = at.get(`${g}|${m}`);
      return b ? signed(b.bias) : '';
    }),
  ].join('\n');
}

/**
 * The bias by category and month over every table: mean, lowest and highest over the tables that have the
 * category (a category absent from a world is left out of its mean).
 */
export function biasSummary(report: PanelReport): string {
  const all = report.tables.flatMap((t) => t.bias?.groups ?? []);
  const cells = new Map<string, number[]>();
  for (const g of all) {
    const key = `${g.group}|${g.month}`;
    if (!cells.has(key)) cells.set(key, []);
    if (Number.isFinite(g.bias)) cells.get(key)!.push(g.bias);
  }
  // a category missing from the first tables still takes its place in the order
  const ordered = [...all].sort(byGroupThenMonth);
  return [
    `${report.dataset}: salescast by category and month over ${report.tables.length} ${report.over}s (mean of Σ forecast / Σ reference − 1, %; [lowest, highest])`,
    biasGrid(ordered, (g, m) => {
      const xs = cells.get(`${g}|${m}`) ?? [];
      if (xs.length === 0) return '';
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return `${signed(mean)} [${signed(Math.min(...xs))}, ${signed(Math.max(...xs))}]`;
    }),
  ].join('\n');
}

export function panelToText(report: PanelReport, options: PanelTextOptions = {}): string {
  return [
    ...report.tables.map(renderTable),
    ...(options.byCategory ? report.tables.map(biasTable) : []),
    ...(report.tables.length > 1 ? [summaryTable(report)] : []),
    ...(options.byCategory && report.tables.length > 1 ? [biasSummary(report)] : []),
    PANEL_LEGEND,
    ...report.notes.map((n) => `- ${n}`),
  ].join('\n\n');
}

/** `--json`: `{dataset, rows}` like every data set (rows of the main table), plus every table. */
export function panelToJson(report: PanelReport) {
  return {
    dataset: report.dataset,
    rows: orderRows(report.tables[report.tables.length - 1]?.rows ?? []),
    tables: report.tables.map((t) => ({
      label: t.label,
      as_of: t.asOf,
      horizon: t.horizon,
      skus: t.skus,
      top_skus: t.topSkus,
      gap_closed: Number.isFinite(t.gapClosed.value) ? t.gapClosed.value : null,
      best_baseline: t.gapClosed.bestBaseline || null,
      rows: orderRows(t.rows),
      ...(t.bias && {
        bias_by_category: {
          reference: t.bias.reference,
          groups: t.bias.groups.map((g) => ({ ...g, bias: Number.isFinite(g.bias) ? g.bias : null })),
        },
      }),
      notes: t.notes,
    })),
    notes: report.notes,
  };
}
