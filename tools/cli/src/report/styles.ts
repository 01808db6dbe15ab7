/** The report's stylesheet, inlined into report.html (no network). */
export const REPORT_CSS = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f7f8fa; --accent:#2563eb; --band:#93c5fd; --hist:#334155; --closed:#fde2e2; --promo:#fef3c7; --good:#15803d; --warn:#b45309; --bad:#b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #0f172a; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #cbd5e1; }
main { max-width: 1240px; margin: 0 auto; padding: 18px 28px 40px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 18px; }
h2 { margin: 0 0 6px; font-size: 17px; }
h3 { margin: 0 0 4px; font-size: 16px; }
.hint { color: var(--muted); margin: 0 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 24px; font-weight: 600; margin: 2px 0; }
.card .detail { color: var(--muted); font-size: 12px; }
.up { color: var(--good); } .down { color: var(--bad); }
.svg-chart { width: 100%; height: auto; display: block; }
.svg-chart .grid { stroke: var(--line); }
.svg-chart .tick { fill: var(--muted); font-size: 11px; }
.svg-chart .axis { stroke: #9aa5b1; }
.svg-chart .history { fill: none; stroke: var(--hist); stroke-width: 1.4; }
.svg-chart .avg { fill: none; stroke: var(--hist); stroke-width: 2; }
.svg-chart .bar { fill: #cbd2d9; }
.svg-chart .forecast { fill: none; stroke: var(--accent); stroke-width: 2.2; }
.svg-chart .band { fill: var(--band); opacity: .55; stroke: none; }
.svg-chart .closed { fill: var(--closed); }
.svg-chart .promo { fill: var(--promo); }
.svg-chart .shade-label { fill: var(--bad); font-size: 11px; font-weight: 600; }
.svg-chart .marker { stroke: #64748b; stroke-dasharray: 4 3; }
.svg-chart .marker-label { fill: #475569; font-size: 11px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--muted); font-size: 12px; margin: 4px 0 0; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
td.name { white-space: normal; min-width: 160px; }
.table-wrap { overflow-x: auto; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr.clickable { cursor: pointer; } tbody tr.clickable:hover { background: #eff6ff; }
.explorer { display: grid; grid-template-columns: 280px 1fr; gap: 18px; }
.explorer aside input { width: 100%; padding: 8px 10px; border: 1px solid #cbd2d9; border-radius: 6px; font: inherit; }
.explorer ul { list-style: none; margin: 8px 0 0; padding: 0; max-height: 640px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.explorer li { padding: 6px 10px; border-bottom: 1px solid var(--line); cursor: pointer; }
.explorer li:hover { background: #f1f5f9; } .explorer li.selected { background: #dbeafe; }
.explorer li .id { font-weight: 600; } .explorer li .nm { color: var(--muted); font-size: 12px; display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.count { color: var(--muted); font-size: 12px; margin-top: 6px; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 10px; margin: 10px 0; }
.fact { background: var(--bg); border-radius: 6px; padding: 8px 10px; } .fact b { display: block; font-size: 16px; }
.fact span { color: var(--muted); font-size: 12px; }
.status-order-now { color: var(--bad); font-weight: 600; } .status-order-by-date { color: var(--warn); font-weight: 600; } .status-no-order-needed { color: var(--good); }
.chart-title { font-weight: 600; margin: 14px 0 2px; }
.note { color: var(--muted); font-size: 12px; }
@media (max-width: 800px) { .explorer { grid-template-columns: 1fr; } }
`;
