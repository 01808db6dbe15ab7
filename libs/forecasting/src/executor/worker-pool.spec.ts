import { join } from 'node:path';
import { normalRandom, seededRandom } from '../core/stats';
import { SeriesJob, SeriesResult } from '../pipeline/forecast-series';
import { ENGINE_JOBS_MODULE, ForecastSeriesInput } from '../pipeline/jobs';
import { forecastPanel } from '../pipeline/panel';
import { WorkerPoolExecutor } from './worker-pool';

/**
 * One pool for the whole file: starting threads from TypeScript sources transpiles the engine in each of
 * them, which is the slow part of these tests.
 */
const pool = new WorkerPoolExecutor({ jobsModule: ENGINE_JOBS_MODULE, size: 2 });
afterAll(() => pool.close());

function job(seed: number): SeriesJob {
  const z = normalRandom(seededRandom(seed));
  const y = Array.from({ length: 48 }, (_, t) => 100 + t + 15 * Math.sin((2 * Math.PI * t) / 12) + 5 * z());
  return {
    series: { id: `sku-${seed}`, freq: 'monthly', start: '2020-01-01', y },
    context: { seasonPeriod: 12 },
  };
}
const members = ['snaive', 'naive2', 'ses'];
const withoutTiming = (r: SeriesResult) => ({ ...r, seconds: 0 });

describe('WorkerPoolExecutor', () => {
  it('gives the same forecasts as inline, in job order, with progress', async () => {
    const panel = [1, 2, 3, 4, 5].map(job);
    const inline = await forecastPanel(panel, { horizon: 3, members });
    const progress: number[] = [];
    const pooled = await forecastPanel(panel, {
      horizon: 3,
      members,
      executor: pool,
      onProgress: (done) => progress.push(done),
    });
    expect(pooled.map((r) => r.id)).toEqual(panel.map((j) => j.series.id));
    expect(pooled.map(withoutTiming)).toEqual(inline.map(withoutTiming));
    expect(progress.sort()).toEqual([1, 2, 3, 4, 5]);
  }, 30_000);

  it('rejects with the error thrown inside the thread, naming the input', async () => {
    const inputs: ForecastSeriesInput[] = [
      { job: job(1), options: { horizon: 2, members } },
      { job: job(2), options: { horizon: 0 } },
    ];
    await expect(pool.map('forecastSeries', inputs)).rejects.toThrow(
      /job 'forecastSeries' failed on input 1: EngineOptions.horizon must be a positive integer/,
    );
  }, 30_000);

  it('keeps serving after a failed job, and rejects unknown job names', async () => {
    await expect(pool.map('fitEverything', [1])).rejects.toThrow(
      /unknown job 'fitEverything' \(known: forecastSeries, stackingSample, globalForecasts\)/,
    );
    const [result] = await pool.map<ForecastSeriesInput, SeriesResult>('forecastSeries', [
      { job: job(7), options: { horizon: 1, members } },
    ]);
    expect(result.id).toBe('sku-7');
  }, 30_000);

  it('fails every job with a clear error when the job table cannot be loaded', async () => {
    const broken = new WorkerPoolExecutor({ jobsModule: join(__dirname, 'no-such-jobs.js'), size: 1 });
    try {
      await expect(broken.map('forecastSeries', [1, 2])).rejects.toThrow(/could not load .*no-such-jobs\.js/);
      await expect(broken.map('forecastSeries', [3])).rejects.toThrow(/could not load/);
    } finally {
      await broken.close();
    }
  }, 30_000);

  it('rejects an invalid size and use after close', async () => {
    expect(() => new WorkerPoolExecutor({ jobsModule: ENGINE_JOBS_MODULE, size: 0 })).toThrow(
      /size must be a positive integer/,
    );
    const closed = new WorkerPoolExecutor({ jobsModule: ENGINE_JOBS_MODULE, size: 1 });
    await closed.close();
    await expect(closed.map('forecastSeries', [])).rejects.toThrow(/closed/);
  });
});
