import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATASETS_ROOT } from '../cli';
import { loadM3Monthly } from '../datasets/m3-monthly';
import { scoreMethod } from '../scoring/score';
import { loadParticipantForecasts, M3_PUBLISHED_SMAPE, parseParticipantForecasts } from './m3-participants';

describe('M3 participant forecasts', () => {
  it('reads the wide file into forecasts per method and series, optionally for some series only', () => {
    const text = 'method,series_id,f1,f2\nTHETA,N1,1,2\nTHETA,N2,3,\nNAIVE2,N1,5,5\n';
    const all = parseParticipantForecasts(text);
    expect([...all.keys()]).toEqual(['M3 THETA', 'M3 NAIVE2']);
    expect(all.get('M3 THETA')!.get('N1')).toEqual({ mean: [1, 2] });
    expect(all.get('M3 THETA')!.get('N2')!.mean[1]).toBeNaN();
    expect([
      ...parseParticipantForecasts(text, new Set(['N2']))
        .get('M3 THETA')!
        .keys(),
    ]).toEqual(['N2']);
  });
});

/**
 * Proves the metric code on the real data: scoring the participants' own forecasts must give the
 * published M3 monthly sMAPE (THETA 13.89, ForecastPro 13.90, NAIVE2 16.89) within ±0.02.
 * Reads the shared data sets beside the repository (as CI has them), or SALESCAST_DATASETS.
 */
describe('our sMAPE reproduces the published M3 monthly figures', () => {
  const root = process.env.SALESCAST_DATASETS ?? DEFAULT_DATASETS_ROOT;
  let dataset: ReturnType<typeof loadM3Monthly>;
  let forecasts: ReturnType<typeof loadParticipantForecasts>;
  beforeAll(() => {
    if (!existsSync(join(root, 'm3_monthly', 'participant_forecasts.csv')))
      throw new Error(
        `M3 data not found under ${root} (set SALESCAST_DATASETS to the shared datasets folder)`,
      );
    dataset = loadM3Monthly(root);
    forecasts = loadParticipantForecasts(root);
  });

  it.each(Object.entries(M3_PUBLISHED_SMAPE))('%s: %d', (method, published) => {
    const { row, fellBack } = scoreMethod(method, 'reference', dataset.tasks, forecasts.get(method)!, 12);
    expect(dataset.tasks).toHaveLength(1428);
    expect(fellBack).toBe(0);
    expect(Math.abs(row.smape! - published)).toBeLessThanOrEqual(0.02);
  });
});
