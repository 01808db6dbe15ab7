import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartRows, ShadedArea } from './series';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkAreaComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

const SHADE: Record<ShadedArea['kind'], string> = {
  shutdown: 'rgba(107,114,128,0.18)',
  promotion: 'rgba(245,158,11,0.18)',
};

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const diff = (hi: (number | null)[], lo: (number | null)[]) =>
  hi.map((h, i) => (h === null || lo[i] === null ? null : round(h - (lo[i] as number))));

/** History, forecast with its 80 % and 95 % bands (stacked areas), and last year, in one ECharts line chart. */
export function ForecastChart({
  rows,
  compare,
  title,
  shaded = [],
  marks = [],
}: {
  rows: ChartRows;
  compare: boolean;
  title: string;
  /** Declared shutdowns and promotions, drawn as shaded windows behind the lines. */
  shaded?: ShadedArea[];
  /** Reopenings: a dashed line where the recovery starts. */
  marks?: { at: string; name: string }[];
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
    };
  }, []);

  useEffect(() => {
    const band = (name: string, lo: (number | null)[], hi: (number | null)[], color: string) => [
      {
        name,
        type: 'line',
        data: lo.map(round),
        stack: name,
        symbol: 'none',
        color,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
      },
      {
        name,
        type: 'line',
        data: diff(hi, lo),
        stack: name,
        symbol: 'none',
        color,
        lineStyle: { opacity: 0 },
        areaStyle: { color },
        tooltip: { show: false },
      },
    ];
    chart.current?.setOption(
      {
        animation: false,
        aria: { enabled: true, label: { description: title } },
        grid: { left: 48, right: 16, top: 48, bottom: 56 },
        legend: {
          top: 0,
          data: [
            'actual',
            'forecast',
            ...(rows.bands ? ['80 %', '95 %'] : []),
            ...(compare ? ['last year'] : []),
          ],
        },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: rows.labels, boundaryGap: false },
        yAxis: { type: 'value', min: 0 },
        dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
        series: [
          ...(rows.bands
            ? [
                ...band('95 %', rows.lo95, rows.hi95, 'rgba(37,99,235,0.12)'),
                ...band('80 %', rows.lo80, rows.hi80, 'rgba(37,99,235,0.22)'),
              ]
            : []),
          {
            name: 'actual',
            type: 'line',
            data: rows.actual.map(round),
            symbol: 'none',
            color: '#111827',
            lineStyle: { width: 1.5 },
            ...(marks.length && {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#16a34a' },
                label: { formatter: '{b}', fontSize: 10, color: '#166534' },
                data: marks.map((m) => ({ name: m.name, xAxis: m.at })),
              },
            }),
            ...(shaded.length && {
              markArea: {
                silent: true,
                label: { position: 'insideTop', fontSize: 10, color: '#374151' },
                data: shaded.map((a) => [
                  {
                    name: a.name,
                    xAxis: a.from,
                    itemStyle: { color: SHADE[a.kind] },
                  },
                  { xAxis: a.to },
                ]),
              },
            }),
          },
          {
            name: 'forecast',
            type: 'line',
            data: rows.mean.map(round),
            symbol: 'none',
            color: '#2563eb',
            lineStyle: { width: 2 },
          },
          ...(compare
            ? [
                {
                  name: 'last year',
                  type: 'line',
                  data: rows.lastYear.map(round),
                  symbol: 'none',
                  color: '#9ca3af',
                  lineStyle: { type: 'dashed', width: 1 },
                },
              ]
            : []),
        ],
      },
      { notMerge: true },
    );
  }, [rows, compare, title, shaded, marks]);

  return <div className="chart" ref={el} data-testid="forecast-chart" role="img" aria-label={title} />;
}
