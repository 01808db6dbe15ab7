import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '@salescast/datagen';
import { MatchedComparison, PolicyPoint, SimulationResult } from './run-simulation';

const pct = (v: number | undefined, digits = 1) =>
  v === undefined ? 'n/a' : `${(100 * v).toFixed(digits)} %`;
const signed = (v: number | undefined) =>
  v === undefined ? 'n/a' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)} %`;
const num = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function label(p: PolicyPoint): string {
  if (p.family === 'salescast') return `salescast SL ${(100 * p.parameter).toFixed(1)} %`;
  if (p.family === 'naive') return `naive cover ×${p.parameter.toFixed(2)}`;
  return p.parameter === 1 ? 'oracle' : `oracle ×${p.parameter.toFixed(2)}`;
}

/** The results table (stdout) and the matched comparisons under it. */
export function simulationTable(r: SimulationResult): string {
  const head = [
    'policy',
    'fill rate',
    'stockout days',
    'units lost',
    'avg stock (value)',
    'turns/yr',
    'holding cost',
    'lost-sales cost',
    'orders',
  ];
  const rows = r.points.map((p) => [
    label(p),
    pct(p.outcome.fillRate, 2),
    num(p.outcome.stockoutDays),
    num(p.outcome.unitsLost),
    num(p.outcome.averageStockValue),
    num(p.outcome.inventoryTurns, 2),
    num(p.outcome.holdingCost),
    num(p.outcome.lostSalesCost),
    num(p.outcome.orders),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    `${r.skus} SKUs, ${r.from} → ${r.to}, forecasts from ${r.origins.join(', ')}`,
    line(head),
    ...rows.map(line),
    '',
    "salescast against the naive policy (read off salescast's curve over its service levels):",
    ...r.matched.map(matchedLine),
  ];
  return out.join('\n') + '\n';
}

function matchedLine(m: MatchedComparison): string {
  return (
    `  naive ×${m.naiveCover.toFixed(2)} (fill ${pct(m.naive.fillRate, 2)}, ${num(m.naive.inventoryTurns, 2)} turns, ${num(m.naive.stockoutDays)} stockout days): ` +
    `at the same fill rate salescast turns ${signed(m.turnsGain)}` +
    (m.salescastServiceLevelAtFill !== undefined ? ` (SL ${pct(m.salescastServiceLevelAtFill)})` : '') +
    `, at the same average stock ${m.stockoutDaysCut === undefined ? 'n/a' : `${pct(m.stockoutDaysCut)} fewer stockout days`}; ` +
    `oracle: turns ${signed(m.oracleTurnsGain)}, stockout days ${m.oracleStockoutDaysCut === undefined ? 'n/a' : `−${pct(m.oracleStockoutDaysCut)}`}`
  );
}

/** simulation.csv (one row per policy setting), simulation.json and report.html into `out`. */
export function writeSimulation(r: SimulationResult, out: string, title: string): string[] {
  mkdirSync(out, { recursive: true });
  const csv = [
    csvLine([
      'policy',
      'parameter',
      'fill_rate',
      'stockout_days',
      'units_lost',
      'average_stock_units',
      'average_stock_value',
      'inventory_turns',
      'holding_cost',
      'lost_sales_cost',
      'orders',
    ]),
    ...r.points.map((p) =>
      csvLine([
        p.family,
        p.parameter,
        p.outcome.fillRate.toFixed(5),
        p.outcome.stockoutDays,
        p.outcome.unitsLost.toFixed(1),
        p.outcome.averageStockUnits.toFixed(1),
        p.outcome.averageStockValue.toFixed(2),
        p.outcome.inventoryTurns.toFixed(3),
        p.outcome.holdingCost.toFixed(2),
        p.outcome.lostSalesCost.toFixed(2),
        p.outcome.orders,
      ]),
    ),
  ];
  const files = ['simulation.csv', 'simulation.json', 'report.html'].map((f) => join(out, f));
  writeFileSync(files[0], csv.join(''));
  writeFileSync(files[1], JSON.stringify(r, null, 2) + '\n');
  writeFileSync(files[2], simulationReport(r, title));
  return files;
}

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** A self-contained page: fill rate against inventory turns for each policy, the table and the matched comparisons. */
export function simulationReport(r: SimulationResult, title: string): string {
  const W = 640;
  const H = 360;
  const pad = 48;
  const xs = r.points.map((p) => p.outcome.fillRate);
  const ys = r.points.map((p) => p.outcome.inventoryTurns);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1e-6);
  const y1 = Math.max(...ys, 1e-6) * 1.05;
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0)) * (W - 2 * pad);
  const sy = (v: number) => H - pad - (v / y1) * (H - 2 * pad);
  const colors = { salescast: '#2563eb', naive: '#dc2626', oracle: '#16a34a' } as const;
  const series = (['salescast', 'naive', 'oracle'] as const)
    .map((f) => {
      const pts = r.points
        .filter((p) => p.family === f)
        .sort((a, b) => a.outcome.fillRate - b.outcome.fillRate);
      const path = pts
        .map(
          (p, i) =>
            `${i ? 'L' : 'M'}${sx(p.outcome.fillRate).toFixed(1)},${sy(p.outcome.inventoryTurns).toFixed(1)}`,
        )
        .join(' ');
      const dots = pts
        .map(
          (p) =>
            `<circle cx="${sx(p.outcome.fillRate).toFixed(1)}" cy="${sy(p.outcome.inventoryTurns).toFixed(1)}" r="3.5" fill="${colors[f]}"><title>${esc(label(p))}: fill ${pct(p.outcome.fillRate, 2)}, ${p.outcome.inventoryTurns.toFixed(2)} turns</title></circle>`,
        )
        .join('');
      return `<path d="${path}" fill="none" stroke="${colors[f]}" stroke-width="2"/>${dots}`;
    })
    .join('');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => {
      const fx = x0 + t * (x1 - x0);
      const ty = t * y1;
      return `<text x="${sx(fx)}" y="${H - pad + 16}" font-size="11" text-anchor="middle">${(100 * fx).toFixed(1)} %</text><text x="${pad - 6}" y="${sy(ty) + 4}" font-size="11" text-anchor="end">${ty.toFixed(1)}</text>`;
    })
    .join('');
  const svg = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="fill rate against inventory turns">
<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${H - pad}" stroke="#999"/>${ticks}${series}
<text x="${W / 2}" y="${H - 8}" font-size="12" text-anchor="middle">fill rate (units sold / units demanded)</text>
<text x="14" y="${H / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">inventory turns a year</text></svg>`;
  const legend = Object.entries(colors)
    .map(([k, c]) => `<span style="color:${c}">● ${k}</span>`)
    .join(' &nbsp; ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#1e293b;max-width:1100px}table{border-collapse:collapse}td,th{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:right}td:first-child,th:first-child{text-align:left}pre{white-space:pre-wrap}</style></head><body>
<h1>${esc(title)}</h1>
<p>${r.skus} SKUs replayed day by day from ${r.from} to ${r.to} against what actually sold (unmet demand lost). Orders are placed on review days, arrive after the lead time, in whole packs of at least the MOQ. salescast's plan re-forecasts every few days (${esc(r.origins.join(', '))}); the naive policy orders up to last month's average × cover days; the oracle knows the actual demand. Each curve runs over the policy's parameter (service level, cover factor, oracle scale): up and to the right is better.</p>
<p>${legend}</p>${svg}
<h2>Every setting</h2><pre>${esc(simulationTable(r))}</pre>
<p>How to read it: fill rate = units sold / units demanded; stockout days = SKU-days with unmet demand; turns = value sold per year / average stock value; holding cost = stock value × holding rate × time; lost-sales cost = lost units × value × margin. See docs/planning.md.</p>
</body></html>
`;
}
