/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Band, ReportData, ReportSku } from './report-data';

/**
 * The report page's script. It runs in the buyer's browser, not in Node: render-report.ts inlines its
 * source (`reportApp.toString()`), so it must stay self-contained (no imports at run time, no closures over
 * module scope). `doc` is the browser's `document`, typed loosely because the project compiles without DOM
 * typings.
 */
/* istanbul ignore next -- runs in the browser; covered by report.e2e-spec.ts */
export function reportApp(doc: any, data: ReportData): void {
  const DAY = 86_400_000;
  const toDay = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY;
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const dateOf = (d: number) => new Date(d * DAY);
  const fmt = (v: number, digits = 0) =>
    Number.isFinite(v)
      ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : '–';
  const esc = (s: unknown) =>
    String(s).replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
    );
  const $ = (id: string) => doc.getElementById(id);
  const sum = (xs: Array<number | null>) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  const asOfDay = toDay(data.asOf);

  /** A round tick step giving about four gridlines up to `max`. */
  function niceStep(max: number): number {
    if (!(max > 0)) return 0.25;
    const raw = max / 4;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }

  interface Layer {
    type: 'line' | 'band' | 'bars';
    cls: string;
    start: number;
    step: number;
    /** Values are plotted at start + i·step + offset (weekly sums in mid-week). */
    offset?: number;
    values?: Array<number | null>;
    lower?: number[];
    upper?: number[];
  }
  interface Shade {
    from: number;
    to: number;
    cls: string;
    title: string;
    text?: string;
  }

  function chart(spec: {
    label: string;
    x0: number;
    x1: number;
    layers: Layer[];
    shades?: Shade[];
    markers?: Array<{ day: number; text: string }>;
    height?: number;
  }): string {
    const W = 960;
    const H = spec.height ?? 260;
    const m = { l: 54, r: 14, t: 18, b: 28 };
    const iw = W - m.l - m.r;
    const ih = H - m.t - m.b;
    let top = 0;
    for (const L of spec.layers)
      for (const v of L.upper ?? L.values ?? []) if (v !== null && Number.isFinite(v)) top = Math.max(top, v);
    const step = niceStep(top * 1.02);
    const ticks = Math.max(1, Math.ceil((top * 1.02) / step));
    const yMax = step * ticks;
    const x = (d: number) => +(m.l + ((d - spec.x0) / (spec.x1 - spec.x0)) * iw).toFixed(1);
    const y = (v: number) => +(m.t + ih - (Math.max(0, v) / yMax) * ih).toFixed(1);
    let out = `<svg class="svg-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.label)}">`;
    for (const s of spec.shades ?? []) {
      const a = Math.max(x(s.from), m.l);
      const b = Math.min(x(s.to + 1), m.l + iw);
      if (b <= a) continue;
      out += `<rect class="${s.cls}" x="${a}" y="${m.t}" width="${(b - a).toFixed(1)}" height="${ih}"><title>${esc(s.title)}</title></rect>`;
      if (s.text && b - a > 24)
        out += `<text class="shade-label" x="${((a + b) / 2).toFixed(1)}" y="${m.t + 12}" text-anchor="middle">${esc(s.text)}</text>`;
    }
    for (let i = 0; i <= ticks; i++) {
      const v = step * i;
      out += `<line class="grid" x1="${m.l}" x2="${m.l + iw}" y1="${y(v)}" y2="${y(v)}"/><text class="tick" x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v, step < 1 ? 2 : 0)}</text>`;
    }
    const span = spec.x1 - spec.x0;
    const first = dateOf(spec.x0);
    const monthsStep = span > 1500 ? 12 : span > 700 ? 6 : span > 300 ? 2 : 1;
    for (let k = 0; k < 400; k++) {
      const t = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, 1));
      const d = t.getTime() / DAY;
      if (d > spec.x1) break;
      if (d < spec.x0 || x(d) > m.l + iw - 12 || t.getUTCMonth() % monthsStep !== 0) continue;
      const text =
        monthsStep === 12
          ? String(t.getUTCFullYear())
          : `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCFullYear()).slice(2)}`;
      out += `<line class="axis" x1="${x(d)}" x2="${x(d)}" y1="${m.t + ih}" y2="${m.t + ih + 4}"/><text class="tick" x="${x(d)}" y="${H - 8}" text-anchor="middle">${text}</text>`;
    }
    out += `<line class="axis" x1="${m.l}" x2="${m.l + iw}" y1="${m.t + ih}" y2="${m.t + ih}"/>`;
    for (const L of spec.layers) {
      const px = (i: number) => x(L.start + i * L.step + (L.offset ?? 0));
      if (L.type === 'band' && L.lower && L.upper) {
        const up = L.upper.map((v, i) => `${px(i)},${y(v)}`);
        const down = L.lower.map((v, i) => `${px(i)},${y(v)}`).reverse();
        out += `<path class="${L.cls}" d="M${up.join('L')}L${down.join('L')}Z"/>`;
      } else if (L.type === 'line' && L.values && L.values.length) {
        // A null (closed shop) breaks the line instead of dragging it to zero.
        let d = '';
        let pen = 'M';
        L.values.forEach((v, i) => {
          if (v === null || !Number.isFinite(v)) pen = 'M';
          else {
            d += `${pen}${px(i)},${y(v)}`;
            pen = 'L';
          }
        });
        if (d) out += `<path class="${L.cls}" d="${d}"/>`;
      } else if (L.type === 'bars' && L.values) {
        const w = Math.max(1, (L.step / span) * iw * 0.7);
        L.values.forEach((v, i) => {
          if (v !== null && v > 0)
            out += `<rect class="${L.cls}" x="${(px(i) - w / 2).toFixed(1)}" y="${y(v)}" width="${w.toFixed(1)}" height="${(m.t + ih - y(v)).toFixed(1)}"/>`;
        });
      }
    }
    for (const mk of spec.markers ?? []) {
      const nearRight = x(mk.day) > m.l + iw - 80;
      out += `<line class="marker" x1="${x(mk.day)}" x2="${x(mk.day)}" y1="${m.t}" y2="${m.t + ih}"/><text class="marker-label" x="${x(mk.day) + (nearRight ? -4 : 4)}" y="${m.t + 24}" text-anchor="${nearRight ? 'end' : 'start'}">${esc(mk.text)}</text>`;
    }
    return out + '</svg>';
  }

  const legend = (items: Array<[string, string]>) =>
    `<div class="legend">${items.map(([color, text]) => `<span><i style="background:${color}"></i>${esc(text)}</span>`).join('')}</div>`;

  /** Trailing 7-day average over open days, so that intermittent daily sales read as a level. */
  function movingAverage(values: Array<number | null>, window = 7): Array<number | null> {
    return values.map((v, i) => {
      if (v === null) return null;
      const open = values.slice(Math.max(0, i - window + 1), i + 1).filter((x): x is number => x !== null);
      return sum(open) / open.length;
    });
  }

  function weeklyOf(band: Band): { start: number; mean: number[]; lower: number[]; upper: number[] } {
    const start = toDay(band.start);
    const weeks = Math.floor(band.mean.length / 7);
    const pick = (xs: number[]) => Array.from({ length: weeks }, (_, w) => sum(xs.slice(w * 7, w * 7 + 7)));
    // Weekly band from daily ones assuming independent days (as the data's total band).
    const sd = band.mean.map((mu, i) => (band.p90[i] - band.p10[i]) / 2.563);
    const half = Array.from(
      { length: weeks },
      (_, w) => 1.2816 * Math.sqrt(sum(sd.slice(w * 7, w * 7 + 7).map((s) => s * s))),
    );
    const mean = pick(band.mean);
    return {
      start,
      mean,
      lower: mean.map((v, w) => Math.max(0, v - half[w])),
      upper: mean.map((v, w) => v + half[w]),
    };
  }

  function closureShades(closures: Array<{ start: string; end: string }>): Shade[] {
    return closures.map((c) => ({
      from: toDay(c.start),
      to: toDay(c.end),
      cls: 'closed',
      title: `Closed ${c.start} → ${c.end}`,
      text: 'closed',
    }));
  }

  // ---- summary cards ----------------------------------------------------------------------------
  const totalForecast = sum(data.total.forecastWeekly.mean);
  const hist = data.total.weekly;
  const lastYearStart = asOfDay + 1 - 364;
  const lastYear = hist.values.reduce<number>((acc, v, w) => {
    const d = toDay(hist.start) + w * 7;
    return d >= lastYearStart && d < lastYearStart + data.horizon ? acc + (v ?? 0) : acc;
  }, 0);
  const orderNow = data.skus.filter((s) => s.reorder?.status === 'order now').length;
  const orderSoon = data.skus.filter(
    (s) => s.reorder?.status === 'order later' && toDay(s.reorder.orderBy) - asOfDay <= 14,
  ).length;
  const ensemble = data.accuracy.find((a) => a.member === 'ensemble') ?? data.accuracy[0];
  const change = lastYear > 0 ? (100 * (totalForecast - lastYear)) / lastYear : NaN;
  const cards: Array<[string, string, string]> = [
    [
      'SKUs forecast',
      fmt(data.skus.length),
      `${data.skipped.length} skipped (no recent sales or discontinued)`,
    ],
    [
      `Units, next ${data.horizon} days`,
      fmt(totalForecast),
      Number.isFinite(change)
        ? `<span class="${change >= 0 ? 'up' : 'down'}">${change >= 0 ? '+' : ''}${fmt(change)} %</span> vs same weeks last year (${fmt(lastYear)})`
        : 'no sales a year ago',
    ],
    [
      'Backtest error (WAPE)',
      ensemble ? `${fmt(ensemble.wape, 1)} %` : '–',
      ensemble ? `${esc(ensemble.member)}, daily units, volume-weighted` : 'no backtest',
    ],
    [
      'Orders to place',
      fmt(orderNow),
      `now; ${orderSoon} more within 14 days (service level ${fmt(100 * data.serviceLevel)} %)`,
    ],
    [
      'Rows skipped',
      fmt(data.rejects.total),
      data.rejects.total ? 'see rejects.csv' : 'all input rows valid',
    ],
  ];
  $('summary').innerHTML = cards
    .map(
      ([l, v, d]) =>
        `<div class="card"><div class="label">${esc(l)}</div><div class="value">${v}</div><div class="detail">${d}</div></div>`,
    )
    .join('');

  // ---- total chart --------------------------------------------------------------------------------
  const closures = data.skus.length
    ? data.skus.reduce(
        (best, s) => (s.closures.length > best.length ? s.closures : best),
        [] as ReportSku['closures'],
      )
    : [];
  const tw = weeklyOf(data.total.forecastWeekly);
  const histStart = toDay(hist.start);
  $('total-chart').innerHTML =
    chart({
      label: 'Weekly units sold, all SKUs, with forecast',
      x0: histStart,
      x1: tw.start + tw.mean.length * 7,
      layers: [
        // The last, partial week of history would look like a drop: leave it out.
        {
          type: 'line',
          cls: 'history',
          start: histStart,
          step: 7,
          offset: 3,
          values: hist.values.slice(0, Math.floor((asOfDay + 1 - histStart) / 7)),
        },
        { type: 'band', cls: 'band', start: tw.start, step: 7, offset: 3, lower: tw.lower, upper: tw.upper },
        { type: 'line', cls: 'forecast', start: tw.start, step: 7, offset: 3, values: tw.mean },
      ],
      shades: closureShades(closures),
      markers: [{ day: asOfDay + 1, text: 'forecast →' }],
    }) +
    legend([
      ['#334155', 'units sold per week'],
      ['#2563eb', 'forecast (mean)'],
      ['#93c5fd', '80 % range (p10–p90)'],
      ['#fde2e2', 'shop closed'],
    ]);

  // ---- top SKUs table ---------------------------------------------------------------------------
  const orderCell = (s: ReportSku) =>
    s.reorder
      ? s.reorder.status === 'no supply terms'
        ? '<td>no supply terms</td><td></td>'
        : s.reorder.status === 'stock unknown'
          ? `<td class="num">${fmt(s.reorder.orderQuantity)}</td><td>stock unknown</td>`
          : `<td class="num">${s.reorder.orderQuantity ? fmt(s.reorder.orderQuantity) : '–'}</td><td class="status-${s.reorder.status.replace(/ /g, '-')}">${s.reorder.orderBy ? (s.reorder.status === 'order now' ? 'now' : s.reorder.orderBy) : 'not needed'}</td>`
      : '<td></td><td></td>';
  const top = data.skus.slice(0, 20);
  $('top-table').innerHTML =
    `<thead><tr><th>#</th><th>SKU</th><th>Name</th><th>Category</th><th class="num">Revenue, 12 months</th><th class="num">Units, last ${data.horizon} d</th><th class="num">Forecast, next ${data.horizon} d</th><th class="num">Backtest WAPE</th><th class="num">Order qty</th><th>Order by</th></tr></thead><tbody>` +
    top
      .map((s: ReportSku, i: number) => {
        const recent = sum(s.daily.values.slice(-data.horizon));
        return `<tr class="clickable" data-sku="${esc(s.sku)}"><td>${i + 1}</td><td>${esc(s.sku)}</td><td class="name">${esc(s.name)}</td><td>${esc(s.category)}</td><td class="num">${fmt(s.revenue)}</td><td class="num">${fmt(recent)}</td><td class="num">${fmt(s.forecastTotal)}</td><td class="num">${s.backtest ? fmt(s.backtest.wape) + ' %' : '–'}</td>${orderCell(s)}</tr>`;
      })
      .join('') +
    '</tbody>';

  // ---- SKU explorer ---------------------------------------------------------------------------
  let selected = data.skus[0]?.sku;
  const list = $('sku-list');
  const search = $('search');

  function renderList(): void {
    const q = String(search.value || '')
      .trim()
      .toLowerCase();
    const hits = data.skus.filter(
      (s) =>
        !q ||
        s.sku.toLowerCase().includes(q) ||
        s.name.toLowerCase().includes(q) ||
        s.category.toLowerCase().includes(q),
    );
    list.innerHTML = hits
      .map(
        (s) =>
          `<li data-sku="${esc(s.sku)}" class="${s.sku === selected ? 'selected' : ''}"><span class="id">${esc(s.sku)}</span> <span class="nm">${esc(s.name)} · ${esc(s.category)}</span></li>`,
      )
      .join('');
    $('sku-count').textContent = `${hits.length} of ${data.skus.length} SKUs`;
  }

  function renderDetail(): void {
    const s = data.skus.find((k) => k.sku === selected);
    if (!s) {
      $('sku-detail').innerHTML = '<p class="hint">No SKU selected.</p>';
      return;
    }
    const shades = closureShades(s.closures).concat(
      s.promotions.map((p) => ({
        from: toDay(p.start),
        to: toDay(p.end),
        cls: 'promo',
        title: `Promotion ${p.start} → ${p.end}`,
      })),
    );
    const fStart = toDay(s.forecast.start);
    const fEnd = fStart + s.forecast.mean.length;
    const dStart = toDay(s.daily.start);
    const weeklyF = weeklyOf(s.forecast);
    const wStart = toDay(s.weekly.start);
    const total = sum(s.forecast.mean);
    const low = sum(s.forecast.p10);
    const high = sum(s.forecast.p90);
    const r = s.reorder;
    const reorderText = !r
      ? '–'
      : r.status === 'no supply terms'
        ? 'no supply terms'
        : r.status === 'no order needed'
          ? 'no order needed in the horizon'
          : r.status === 'stock unknown'
            ? `reorder point ${fmt(r.reorderPoint)} · typical order ${fmt(r.orderQuantity)} (stock unknown)`
            : `${fmt(r.orderQuantity)} units ${r.status === 'order now' ? '<span class="status-order-now">now</span>' : `by <span class="status-order-by-date">${r.orderBy}</span>`}`;
    const weights = Object.entries(s.weights)
      .filter(([, w]) => w > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([k, w]) => `${esc(k)} ${fmt(100 * w)} %`)
      .join(', ');
    $('sku-detail').innerHTML =
      `<h3>${esc(s.sku)} · ${esc(s.name)}</h3><div class="hint">${esc(s.category)} · last price ${fmt(s.price, 2)} · returns ${fmt(100 * s.returnRate)} % of units · model: ${esc(s.chosen)}${weights ? ` (${weights})` : ''}${s.fallbackReason ? ` · fallback: ${esc(s.fallbackReason)}` : ''}</div>` +
      `<div class="facts">` +
      `<div class="fact"><span>Forecast, next ${data.horizon} days</span><b>${fmt(total)} units</b><span>daily 80 % ranges add up to ${fmt(low)}–${fmt(high)}</span></div>` +
      `<div class="fact"><span>Sold, last ${data.horizon} days</span><b>${fmt(sum(s.daily.values.slice(-data.horizon)))} units</b><span>12 months: ${fmt(s.units)} units, revenue ${fmt(s.revenue)}</span></div>` +
      `<div class="fact"><span>Reorder (service level ${fmt(100 * data.serviceLevel)} %)</span><b>${reorderText}</b><span>${r && r.leadTimeDays !== undefined ? `lead time ${r.leadTimeDays} d · review ${r.reviewDays} d · MOQ ${r.moq} · pack ${r.packSize} · safety stock ${fmt(r.safetyStock)}${r.status === 'order now' || r.status === 'order later' ? ` · stockout risk ${fmt(100 * r.stockoutRisk, 1)} % with the order, ${fmt(100 * r.stockoutRiskWithoutOrder, 1)} % without` : ''} · ${esc(r.supplier)}` : ''}</span></div>` +
      `<div class="fact"><span>Backtest error</span><b>${s.backtest ? `WAPE ${fmt(s.backtest.wape)} %` : '–'}</b><span>${s.backtest ? `sMAPE ${fmt(s.backtest.smape)} · MASE ${fmt(s.backtest.mase, 2)}` : 'history too short to backtest'}</span></div>` +
      `</div>` +
      `<div class="chart-title">Recent months and forecast, daily units</div>` +
      chart({
        label: `${s.sku}: daily units, recent months and forecast`,
        x0: dStart,
        x1: fEnd,
        layers: [
          { type: 'bars', cls: 'bar', start: dStart, step: 1, values: s.daily.values },
          { type: 'line', cls: 'avg', start: dStart, step: 1, values: movingAverage(s.daily.values) },
          { type: 'band', cls: 'band', start: fStart, step: 1, lower: s.forecast.p10, upper: s.forecast.p90 },
          { type: 'line', cls: 'forecast', start: fStart, step: 1, values: s.forecast.mean },
        ],
        shades,
        markers: [{ day: fStart, text: 'forecast →' }],
      }) +
      legend([
        ['#cbd2d9', 'units sold per day'],
        ['#334155', '7-day average'],
        ['#2563eb', 'forecast (mean)'],
        ['#93c5fd', '80 % range (p10–p90)'],
        ['#fde2e2', 'shop closed'],
        ['#fef3c7', 'promotion'],
      ]) +
      `<div class="chart-title">Whole history, weekly units</div>` +
      chart({
        label: `${s.sku}: weekly units since the first sale, with forecast`,
        x0: wStart,
        x1: fEnd,
        height: 200,
        layers: [
          {
            type: 'line',
            cls: 'history',
            start: wStart,
            step: 7,
            offset: 3,
            values: s.weekly.values.slice(0, Math.floor((asOfDay + 1 - wStart) / 7)),
          },
          {
            type: 'band',
            cls: 'band',
            start: weeklyF.start,
            step: 7,
            offset: 3,
            lower: weeklyF.lower,
            upper: weeklyF.upper,
          },
          { type: 'line', cls: 'forecast', start: weeklyF.start, step: 7, offset: 3, values: weeklyF.mean },
        ],
        shades: closureShades(s.closures),
      });
  }

  function select(sku: string): void {
    selected = sku;
    renderList();
    renderDetail();
  }

  search.addEventListener('input', () => renderList());
  list.addEventListener('click', (e: any) => {
    const li = e.target.closest('li[data-sku]');
    if (li) select(li.getAttribute('data-sku'));
  });
  $('top-table').addEventListener('click', (e: any) => {
    const tr = e.target.closest('tr[data-sku]');
    if (!tr) return;
    select(tr.getAttribute('data-sku'));
    $('explorer').scrollIntoView({ behavior: 'smooth' });
  });
  renderList();
  renderDetail();

  // ---- accuracy ---------------------------------------------------------------------------------
  $('accuracy-table').innerHTML =
    '<thead><tr><th>Model</th><th class="num">SKUs backtested</th><th class="num">WAPE (volume-weighted)</th><th class="num">median sMAPE</th><th class="num">median MASE</th><th class="num">chosen for</th></tr></thead><tbody>' +
    data.accuracy
      .map(
        (a) =>
          `<tr><td>${esc(a.member)}</td><td class="num">${fmt(a.skus)}</td><td class="num">${fmt(a.wape, 1)} %</td><td class="num">${fmt(a.medianSmape, 1)}</td><td class="num">${fmt(a.medianMase, 2)}</td><td class="num">${fmt(a.chosen)}</td></tr>`,
      )
      .join('') +
    '</tbody>';
}
