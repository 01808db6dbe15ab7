import { BenchmarkReport, ScoreTable } from './benchmark';
import { RowKind, ScoreRow } from './scoring/score';

/** The `--json` document: exactly `{ dataset, rows }`; subset rows carry the subset in the method name. */
export interface BenchJson {
  dataset: string;
  rows: ScoreRow[];
}

const KIND_ORDER: Record<RowKind, number> = { ours: 0, member: 1, baseline: 2, reference: 3, oracle: 4 };

/** Ours first, then members, baselines and references, each group by sMAPE (nulls last). */
export function sortRows<T extends { row: ScoreRow }>(methods: readonly T[]): T[] {
  const key = (x: number | null) => x ?? Number.POSITIVE_INFINITY;
  return [...methods].sort(
    (a, b) => KIND_ORDER[a.row.kind] - KIND_ORDER[b.row.kind] || key(a.row.smape) - key(b.row.smape),
  );
}

export function toJson(report: BenchmarkReport): BenchJson {
  const [main, ...subsets] = report.tables;
  const rows = sortRows(main.methods).map((m) => m.row);
  for (const table of subsets) {
    const suffix = table.title.slice(report.dataset.name.length).trim();
    rows.push(...sortRows(table.methods).map((m) => ({ ...m.row, method: `${m.row.method} ${suffix}` })));
  }
  return { dataset: report.dataset.name, rows };
}

const fmt = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

function renderTable(table: ScoreTable, horizon: number): string {
  const header = ['method', 'kind', 'sMAPE', 'MASE', 'WAPE', 'cov80', 'MSIS80', 's/series', 'note'];
  const lines = sortRows(table.methods).map(({ row, note }) => [
    row.method,
    row.kind,
    fmt(row.smape, 2),
    fmt(row.mase, 3),
    fmt(row.wape, 2),
    row.coverage80 === null ? '—' : `${(row.coverage80 * 100).toFixed(1)}%`,
    fmt(row.msis80, 2),
    fmt(row.seconds_per_series, 3),
    note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    `${table.title}: ${table.series} series, ${table.tasks} forecasts of h = ${horizon}`,
    render(header),
    render(widths.map((w) => '-'.repeat(w))),
    ...lines.map(render),
  ].join('\n');
}

/** The human-readable report: one table per data set (plus one per subset) and the notes. */
export function toText(report: BenchmarkReport): string {
  return [
    ...report.tables.map((t) => renderTable(t, report.dataset.horizon)),
    "sMAPE (M3 definition), MASE and MSIS80 (the 80 % band's interval score over the MASE scale, as in M4; lower is better, and widening the band does not win it): mean over forecasts of the mean over steps; WAPE and 80 % coverage pooled over all steps; s/series: fit + forecast wall seconds per forecast (the machine and its load: see the wall-time note).",
    ...report.notes.map((n) => `- ${n}`),
  ].join('\n\n');
}
