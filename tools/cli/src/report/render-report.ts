import { reportApp } from './client';
import { ReportData } from './report-data';
import { REPORT_CSS } from './styles';

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );
}

/** JSON that can sit inside a <script> element: no `</script>` or `<!--` can end it early. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The report as one self-contained HTML page: data as embedded JSON, script and styles inline, charts drawn
 * as SVG in the browser. Opens offline, from a file, with no network access.
 */
export function renderReport(data: ReportData): string {
  const title = escapeHtml(data.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · as of ${escapeHtml(data.asOf)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
  <h1>${title}</h1>
  <p>Sales history up to <b>${escapeHtml(data.asOf)}</b> · forecast for the next <b>${data.horizon} days</b> · generated ${escapeHtml(data.generatedAt)} from <code>${escapeHtml(data.dataDir)}</code></p>
</header>
<main>
  <section id="summary" class="cards"></section>
  <section>
    <h2>All SKUs together</h2>
    <p class="hint">Units sold per week since the first sale, and the forecast with its 80 % range. The red band is the shutdown: those weeks are not demand, the models ignore them.</p>
    <div id="total-chart"></div>
  </section>
  <section>
    <h2>Top SKUs by revenue</h2>
    <p class="hint">The 20 SKUs that earned most over the last 12 months. Click a row to open it below.</p>
    <div class="table-wrap"><table id="top-table"></table></div>
  </section>
  <section id="explorer">
    <h2>SKU explorer</h2>
    <p class="hint">Search by SKU, name or category; pick a SKU to see its recent sales, the shutdown and recovery, and its forecast.</p>
    <div class="explorer">
      <aside>
        <input id="search" type="search" placeholder="Search SKU, name or category…" autocomplete="off">
        <div id="sku-count" class="count"></div>
        <ul id="sku-list"></ul>
      </aside>
      <div id="sku-detail"></div>
    </div>
  </section>
  <section>
    <h2>How accurate is it? Walk-forward backtest</h2>
    <p class="hint">Each model was refitted on history cut at earlier dates and scored on the weeks that followed, per SKU (daily units). WAPE = total absolute error ÷ total units (lower is better); MASE &lt; 1 beats a seasonal-naive forecast.</p>
    <table id="accuracy-table"></table>
  </section>
  <section>
    <h2>How to read this</h2>
    <ul class="note">
      <li>Forecasts are of <b>gross demand</b> (units ordered). Returns are shown per SKU but not subtracted.</li>
      <li>The 80 % range (p10–p90) should contain about 8 days in 10. Monthly and total ranges assume days are independent, so they are on the narrow side.</li>
      <li>Reorder proposals start from the stock in the data set's <code>inventory.csv</code> or <code>--stock</code> (on hand + on order). The reorder point is the service-level quantile of demand over lead time + review period, read from the forecast's own daily quantiles; order-by is the last day an order still arrives before the stock runs out at that service level. Without stock figures the plan shows the reorder point and the typical order, marked <i>stock unknown</i>. See docs/planning.md.</li>
      <li>Shutdown and promotion windows come from <code>business_events.csv</code>.</li>
    </ul>
  </section>
</main>
<script id="report-data" type="application/json">${scriptSafeJson(data)}</script>
<script>(${reportApp.toString()})(document, JSON.parse(document.getElementById('report-data').textContent));</script>
</body>
</html>
`;
}
