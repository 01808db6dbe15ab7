import { fitModel } from './member-jobs';

const series = (y: number[]) => ({ id: 's', freq: 'monthly' as const, start: '2020-01-01', y });

describe('fitModel (member and baseline rows)', () => {
  it('forecasts with an 80 % interval and times the fit', () => {
    const out = fitModel({
      model: 'naive',
      series: series([1, 2, 3, 4]),
      context: { seasonPeriod: 1 },
      horizon: 2,
    });
    expect(out.error).toBeUndefined();
    expect(out.mean).toEqual([4, 4]);
    expect(out.lower![0]).toBeLessThan(4);
    expect(out.upper![1]).toBeGreaterThan(4);
    expect(out.seconds).toBeGreaterThanOrEqual(0);
  });

  it('gives the model the series the engine would: a shutdown window is repaired, not learnt', () => {
    const y = [100, 100, 100, 100, 100, 100, 100, 100, 0, 0];
    const context = {
      seasonPeriod: 1,
      disruptions: [{ kind: 'shutdown' as const, window: { start: 8, end: 10 } }],
    };
    expect(fitModel({ model: 'naive', series: series(y), context, horizon: 1 }).mean[0]).toBeGreaterThan(50);
  });

  it('reports a model that cannot fit instead of throwing', () => {
    const out = fitModel({
      model: 'snaive',
      series: series([1, 2]),
      context: { seasonPeriod: 12 },
      horizon: 1,
    });
    expect(out.mean).toEqual([]);
    expect(out.error).toMatch(/snaive/);
  });

  it('says the recovery model does not apply to a series without a declared disruption', () => {
    const out = fitModel({
      model: 'recovery',
      series: series(Array.from({ length: 36 }, (_, t) => 100 + t)),
      context: { seasonPeriod: 12 },
      horizon: 2,
    });
    expect(out.notApplicable).toBe('no disruption declared');
    expect(out.error).toBeUndefined();
    expect(out.mean).toEqual([]);
  });
});
