import { EvalTask } from '../datasets/types';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cacheFile,
  completeRows,
  detectR,
  parseROutput,
  R_METHODS,
  rInputCsv,
  rReferences,
} from './r-forecast';

const task = (id: string, y: number[], h: number): EvalTask => ({
  id,
  seriesId: id,
  series: { id, freq: 'monthly', start: '2020-01-01', y },
  context: { seasonPeriod: 12 },
  actual: new Array(h).fill(0),
  scaleHistory: y,
});

describe('R reference forecasts', () => {
  it('writes one input row per task: id, period, horizon and the history separated by spaces', () => {
    expect(rInputCsv([task('N1', [1, 2.5, 3], 2)])).toBe('task_id,period,h,y\nN1,12,2,1 2.5 3\n');
  });

  it('refuses a task R could not read back (separator in the id, missing values)', () => {
    expect(() => rInputCsv([task('a,b', [1], 1)])).toThrow(/task id 'a,b'/);
    expect(() => rInputCsv([task('a', [1, NaN], 1)])).toThrow(/missing values/);
  });

  it('reads the script output into forecasts per method, NaN where R failed', () => {
    const out = [
      'task_id,method,step,mean,lo80,hi80,seconds',
      'N1,ets,1,10,8,12,0.5',
      'N1,ets,2,11,8.5,13.5,0.5',
      'N1,auto.arima,1,NA,NA,NA,0.1',
      'N1,auto.arima,2,NA,NA,NA,0.1',
    ].join('\n');
    const byMethod = parseROutput(out);
    expect(byMethod.get('R ets')!.get('N1')).toEqual({
      mean: [10, 11],
      lower: [8, 8.5],
      upper: [12, 13.5],
      seconds: 0.5,
    });
    expect(byMethod.get('R auto.arima')!.get('N1')!.mean.every(Number.isNaN)).toBe(true);
  });

  it('keys the cache by data set, R and forecast versions and a hash of the inputs and the script', () => {
    const env = { rVersion: '4.2.2', forecastVersion: '8.20' };
    const file = cacheFile('m3_monthly', env, 'input', 'script');
    expect(file).toMatch(/salescast\/bench\/m3_monthly-R4\.2\.2-forecast8\.20-[0-9a-f]{16}\.csv$/);
    expect(cacheFile('m3_monthly', env, 'input2', 'script')).not.toBe(file);
    expect(cacheFile('m3_monthly', env, 'input', 'script2')).not.toBe(file);
    expect(cacheFile('m3_monthly', { ...env, forecastVersion: '8.21' }, 'input', 'script')).not.toBe(file);
  });

  describe('without R', () => {
    const rscript = '/nonexistent/Rscript';
    it('says R is missing and how to install it, instead of failing the benchmark', async () => {
      expect(detectR(rscript)).toEqual({ missing: expect.stringContaining('npm run bench:r-install') });
      await expect(
        rReferences('toy', [task('N1', [1, 2, 3], 1)], { processes: 1, niceness: 0, rscript }),
      ).resolves.toEqual({
        status: 'unavailable',
        reason: expect.stringContaining('Rscript not found'),
      });
    });
  });

  it('keeps only the tasks an output file holds in full (a stopped run may cut it anywhere)', () => {
    const horizons = new Map([
      ['A', 1],
      ['B', 1],
    ]);
    const full = (id: string) => R_METHODS.map((m) => `${id},${m},1,1,0,2,0.1`);
    const text = ['task_id,method,step,mean,lo80,hi80,seconds', ...full('A'), ...full('B')].join('\n');
    expect([...completeRows(`${text}\n`, horizons).keys()]).toEqual(['A', 'B']);
    // Cut inside B's last line: B is incomplete.
    expect([...completeRows(text.slice(0, -3), horizons).keys()]).toEqual(['A']);
  });

  describe('with a stand-in Rscript (forecasts the last value; counts the tasks it is given)', () => {
    let dir: string;
    let rscript: string;
    const cache = process.env.XDG_CACHE_HOME;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'bench-r-spec-'));
      process.env.XDG_CACHE_HOME = join(dir, 'cache');
      rscript = join(dir, 'Rscript');
      writeFileSync(
        rscript,
        [
          '#!/bin/bash',
          'if [ "$1" = "-e" ]; then echo "9.9.9 1.0"; exit 0; fi',
          `echo "$(($(wc -l < "$2") - 1))" >> "${dir}/tasks-given"`,
          'echo "task_id,method,step,mean,lo80,hi80,seconds" > "$3"',
          'i=0',
          'tail -n +2 "$2" | while IFS=, read -r id period h y; do',
          '  last=${y##* }',
          `  for m in ${R_METHODS.join(' ')}; do for s in $(seq 1 "$h"); do echo "$id,$m,$s,$last,$last,$last,0.01" >> "$3"; done; done`,
          '  i=$((i+1)); echo "done $i" >&2',
          'done',
        ].join('\n'),
      );
      chmodSync(rscript, 0o755);
    });
    afterEach(() => {
      process.env.XDG_CACHE_HOME = cache;
      rmSync(dir, { recursive: true, force: true });
    });
    const tasks = [task('A', [1, 2, 3], 2), task('B', [4, 5], 2), task('C', [7], 2)];
    const given = () => readFileSync(join(dir, 'tasks-given'), 'utf8').trim().split('\n').map(Number);

    it('computes over parallel processes, caches, and serves the cache the next time', async () => {
      const first = await rReferences('toy', tasks, { processes: 2, niceness: 0, rscript });
      expect(first.status).toBe('computed');
      if (first.status === 'unavailable') return;
      expect(first.forecasts.get('R thetaf')!.get('B')!.mean).toEqual([5, 5]);
      expect(given().sort()).toEqual([1, 2]);
      const second = await rReferences('toy', tasks, { processes: 2, niceness: 0, rscript });
      expect(second.status).toBe('cached');
      expect(given()).toHaveLength(2);
    });

    it('resumes a stopped run: only the tasks without a complete output go to R again', async () => {
      const file = cacheFile(
        'toy',
        { rVersion: '9.9.9', forecastVersion: '1.0' },
        rInputCsv(tasks),
        readFileSync(join(__dirname, '../../r/forecast-references.R'), 'utf8'),
      );
      mkdirSync(`${file}.parts`, { recursive: true });
      const rowsOfA = R_METHODS.flatMap((m) => [1, 2].map((s) => `A,${m},${s},3,3,3,0.01`));
      writeFileSync(
        join(`${file}.parts`, 'run-1-0.csv'),
        ['task_id,method,step,mean,lo80,hi80,seconds', ...rowsOfA, 'B,ets,1,5'].join('\n'),
      );
      const r = await rReferences('toy', tasks, { processes: 1, niceness: 0, rscript });
      expect(r.status).toBe('resumed');
      expect(given()).toEqual([2]);
      expect(readdirSync(join(dir, 'cache', 'salescast', 'bench'))).toEqual([file.split('/').pop()]);
    });
  });
});
