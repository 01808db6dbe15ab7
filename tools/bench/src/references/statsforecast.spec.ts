import { SeriesSelection, SkuSeries } from '@salescast/cli';
import { EvalTask } from '../datasets/types';
import {
  detectPeer,
  fallbackNote,
  parsePeerLog,
  parsePeerOutput,
  parsePeerTaskOutput,
  PEER_MAX_DAYS,
  peerCacheFile,
  peerInputCsv,
  peerTaskInputCsv,
} from './statsforecast';

const sku = (id: string, y: number[], disruptions?: SkuSeries['context']['disruptions']) =>
  ({
    sku: { sku: id, name: id, category: 'c', unitPrice: 1 },
    series: { id, freq: 'daily', start: '2011-01-01', y },
    context: { seasonPeriod: 7, ...(disruptions && { disruptions }) },
    returned: [],
    revenueLastYear: 0,
    unitsLastYear: 0,
    returnedLastYear: 0,
    lastPrice: 1,
  }) as unknown as SkuSeries;

describe('statsforecast peer', () => {
  it('writes every SKU-day as unique_id,ds,y with disruption windows repaired (the peer cannot skip days)', () => {
    const y = Array.from({ length: 28 }, (_, i) => 10 + (i % 7));
    y[21] = 0;
    y[22] = 0;
    const selection: SeriesSelection = {
      asOf: '2011-01-28',
      series: [sku('A', y, [{ kind: 'shutdown', window: { start: 21, end: 23 } }]), sku('B', [1, 2])],
      skipped: [],
    };
    const lines = peerInputCsv(selection).trim().split('\n');
    expect(lines[0]).toBe('unique_id,ds,y');
    expect(lines).toHaveLength(1 + 28 + 2);
    expect(lines[1]).toBe('A,2011-01-01,10');
    // The closed days are filled from the weekly pattern, not left at 0.
    expect(Number(lines[22].split(',')[2])).toBeGreaterThan(5);
    expect(lines[29]).toBe('B,2011-01-01,1');
  });

  it('gives the peer the last two years of a long history', () => {
    const long = sku(
      'L',
      Array.from({ length: 1000 }, (_, i) => i),
    );
    const lines = peerInputCsv({ asOf: 'x', series: [long], skipped: [] })
      .trim()
      .split('\n');
    expect(lines).toHaveLength(1 + PEER_MAX_DAYS);
    expect(lines[1]).toBe(`L,2011-09-28,${1000 - PEER_MAX_DAYS}`);
  });

  it('reads the forecasts per model, clips them at 0 and adds the mean of the three', () => {
    const csv = [
      'unique_id,step,method,mean,lo80,hi80',
      'A,1,AutoETS,4,2,6',
      'A,2,AutoETS,-1,-3,1',
      'A,1,AutoTheta,6,4,8',
      'A,2,AutoTheta,2,0,4',
      'A,1,AutoARIMA,5,3,7',
      'A,2,AutoARIMA,2,1,3',
    ].join('\n');
    const f = parsePeerOutput(csv, '2011-09-30');
    expect(f.get('AutoETS')![0]).toEqual({ sku: 'A', date: '2011-10-01', mean: 4, p10: 2, p90: 6 });
    // an empty field is a missing forecast (NaN), never a forecast of 0
    expect(
      parsePeerOutput('unique_id,step,method,mean,lo80,hi80\nA,1,AutoETS,,,\n', '2011-09-30').get(
        'AutoETS',
      )![0].mean,
    ).toBeNaN();
    expect(f.get('AutoETS')![1]).toEqual({ sku: 'A', date: '2011-10-02', mean: 0, p10: 0, p90: 1 });
    const mean = f.get('mean')!;
    expect(mean[0].mean).toBeCloseTo(5, 10);
    expect(mean[1].mean).toBeCloseTo(4 / 3, 10);
    expect(mean[1].p90).toBeCloseTo(8 / 3, 10);
  });

  it("reads the script's times and the series a model failed on, and says so in a note", () => {
    const log = ['seconds AutoETS 1.5', 'fallback AutoETS 3', 'seconds AutoTheta 0.25'].join('\n');
    const { seconds, fallbacks } = parsePeerLog(log);
    expect(seconds).toEqual({ AutoETS: 1.5, AutoTheta: 0.25 });
    expect(fallbacks).toEqual({ AutoETS: 3 });
    expect(fallbackNote(fallbacks)).toMatch(/AutoETS on 3 series.*the naive/);
    expect(fallbackNote({ AutoETS: 0 })).toBe('');
    expect(fallbackNote({})).toBe('');
  });

  it('keys the cache by data set, origin, version and the inputs', () => {
    const a = peerCacheFile('online_retail', '2011-09-30', '2.1.1', 'x', 61);
    expect(a).toMatch(/statsforecast[/\\]online_retail-2011-09-30-statsforecast2\.1\.1-[0-9a-f]{16}\.csv$/);
    expect(peerCacheFile('online_retail', '2011-09-30', '2.1.1', 'y', 61)).not.toBe(a);
    expect(peerCacheFile('online_retail', '2011-08-31', '2.1.1', 'x', 61)).not.toBe(a);
    expect(peerCacheFile('online_retail', '2011-09-30', '2.1.1', 'x', 30)).not.toBe(a);
  });

  it('says why the peer is missing when there is no Python venv', () => {
    expect(detectPeer('/nonexistent/python')).toEqual({
      missing: expect.stringMatching(/bench:peer-install/),
    });
  });
});

describe('statsforecast peer on regular data sets', () => {
  const task = (id: string, y: number[]) =>
    ({
      id,
      seriesId: id,
      series: { id, freq: 'monthly', start: '2000-01-01', y },
      context: { seasonPeriod: 12 },
      actual: [0, 0],
      scaleHistory: y,
    }) as EvalTask;

  it('numbers the periods 1, 2, … and leaves out tasks with a missing value', () => {
    const { csv, skipped } = peerTaskInputCsv([task('N1@2000-03', [1, 2, 3]), task('N2', [1, NaN])]);
    expect(csv.trim().split('\n')).toEqual([
      'unique_id,ds,y',
      'N1@2000-03,1,1',
      'N1@2000-03,2,2',
      'N1@2000-03,3,3',
    ]);
    expect(skipped).toBe(1);
  });

  it('reads forecasts per method and task, and averages the three models', () => {
    const csv = [
      'unique_id,step,method,mean,lo80,hi80',
      'T,1,AutoETS,1,0,2',
      'T,2,AutoETS,2,1,3',
      'T,1,AutoTheta,2,1,3',
      'T,2,AutoTheta,4,3,5',
      'T,1,AutoARIMA,3,2,4',
      'T,2,AutoARIMA,-3,-4,-2',
    ].join('\n');
    const f = parsePeerTaskOutput(csv);
    expect(f.get('AutoARIMA')!.get('T')).toEqual({ mean: [3, -3], lower: [2, -4], upper: [4, -2] });
    expect(f.get('mean')!.get('T')!.mean).toEqual([2, 1]);
    expect(f.get('mean')!.get('T')!.upper).toEqual([3, 2]);
  });
});
