import { FitContext, ModelFitError, ModelSpec, Series } from '../core/types';
import { backtest, inSampleScale, planOrigins, recoveryOrigins, weighedFolds } from './backtest';
import { trainingWindow } from './training-window';

/** A model that remembers everything it was given and forecasts the last value it saw. */
function recordingSpec(seen: Array<{ series: Series; context: FitContext }>, minHistory = 1): ModelSpec {
  const spec: ModelSpec = {
    name: 'recorder',
    family: 'statistical',
    capabilities: {
      needsSeasonality: false,
      usesExogenous: true,
      minHistory,
      handlesMissing: true,
      nativeIntervals: false,
    },
    fit(series, context) {
      seen.push({ series: structuredClone(series), context: structuredClone(context) });
      const last = series.y.filter(Number.isFinite).at(-1) ?? 0;
      return {
        model: 'recorder',
        predict: (h) => ({ mean: new Array(h).fill(last), intervals: {} }),
        toJSON: () => ({ model: 'recorder', schemaVersion: 1, params: { last } }),
      };
    },
    fromJSON: () => {
      throw new Error('not needed');
    },
  };
  return spec;
}

/** y[i] = i + 1 (never 0): any value >= origin + 1 in a fit means the future leaked into it. */
function indexSeries(n: number): Series {
  const y = Array.from({ length: n }, (_, i) => i + 1);
  return { id: 's', freq: 'monthly', start: '2020-01-01', y, exog: { price: y.map((v) => 1000 + v) } };
}

describe('planOrigins', () => {
  it('places the origins at the end of the history, step apart, oldest first', () => {
    expect(planOrigins(40, { horizon: 6 })).toEqual([22, 28, 34]);
    expect(planOrigins(40, { horizon: 6, origins: 4, step: 1 })).toEqual([31, 32, 33, 34]);
  });

  it('drops origins whose training window would be shorter than minTrain', () => {
    expect(planOrigins(14, { horizon: 6, minTrain: 3 })).toEqual([8]);
    expect(planOrigins(5, { horizon: 6 })).toEqual([]);
  });
});

describe('backtest', () => {
  it('never lets a value at or after the origin reach fit (y, exog and context)', () => {
    const seen: Array<{ series: Series; context: FitContext }> = [];
    const series = indexSeries(30);
    const context: FitContext = {
      seasonPeriod: 12,
      disruptions: [{ kind: 'shutdown', window: { start: 15, end: 26 } }],
      promotions: [
        { start: 2, end: 4 },
        { start: 23, end: 40 },
      ],
    };
    const bt = backtest([recordingSpec(seen)], series, context, { horizon: 4, origins: 3 });

    expect(bt.folds.map((f) => f.origin)).toEqual([18, 22, 26]);
    expect(seen).toHaveLength(3);
    seen.forEach(({ series: s, context: c }, i) => {
      const origin = bt.folds[i].origin;
      expect(s.y).toHaveLength(origin);
      expect(Math.max(...s.y.filter(Number.isFinite))).toBeLessThanOrEqual(origin);
      expect(s.exog!.price).toEqual(series.exog!.price.slice(0, origin));
      expect(c.futureExog!.price).toEqual(series.exog!.price.slice(origin, origin + 4));
      expect(c.maxHorizon).toBe(4);
      for (const d of c.disruptions ?? []) expect(d.window.end).toBeLessThanOrEqual(origin);
      // Promotions are planned: known up to the end of the forecast window, never past it.
      for (const p of c.promotions ?? []) expect(p.end).toBeLessThanOrEqual(origin + 4);
    });
    // The shutdown that runs past origin 18 is seen as in progress at the end of the history.
    expect(seen[0].context.disruptions).toEqual([{ kind: 'shutdown', window: { start: 15, end: 18 } }]);
  });

  it('does not score actuals inside a disruption window or missing', () => {
    const series = indexSeries(24);
    series.y[22] = NaN;
    const context: FitContext = {
      seasonPeriod: 1,
      disruptions: [{ kind: 'shutdown', window: { start: 18, end: 20 } }],
    };
    const bt = backtest([recordingSpec([])], series, context, { horizon: 4, origins: 2 });
    expect(bt.folds.map((f) => f.origin)).toEqual([16, 20]);
    expect(bt.folds.map((f) => f.scored)).toEqual([
      [true, true, false, false],
      [true, true, false, true],
    ]);
  });

  it('records a member that fails at an origin, and skips origins too short for its minHistory', () => {
    const failing: ModelSpec = {
      ...recordingSpec([]),
      name: 'failing',
      fit: () => {
        throw new ModelFitError('failing', 'degenerate series');
      },
    };
    const seen: Array<{ series: Series; context: FitContext }> = [];
    const bt = backtest(
      [failing, recordingSpec(seen, 20)],
      indexSeries(30),
      { seasonPeriod: 1 },
      { horizon: 4 },
    );
    expect(bt.members[0].forecasts).toEqual([null, null, null]);
    expect(bt.members[0].failures[0]).toMatch(/origin 18: failing: degenerate series/);
    expect(bt.members[1].forecasts.map((f) => f !== null)).toEqual([false, true, true]);
    expect(bt.members[1].failures[0]).toMatch(/needs 20 observations/);
    expect(seen.map((s) => s.series.y.length)).toEqual([22, 26]);
  });
});

describe('trainingWindow', () => {
  it('rejects an origin outside the series', () => {
    expect(() => trainingWindow(indexSeries(5), { seasonPeriod: 1 }, 6, 2)).toThrow(/origin 6 is outside/);
  });
});

describe('inSampleScale', () => {
  it('uses the seasonal lag, ignores disruption points and never returns 0', () => {
    const y = [1, 2, 3, 4, 3, 4, 5, 6];
    expect(
      inSampleScale(
        y,
        y.map(() => false),
        4,
      ),
    ).toBe(2);
    expect(inSampleScale([5, 5, 5, 5], [false, false, false, false], 2)).toBe(5);
    expect(inSampleScale([0, 0, 0], [false, false, false], 1)).toBe(1);
    expect(inSampleScale([1, 100, 2, 3], [false, true, false, false], 1)).toBe(1);
  });
});

describe('after a reopening', () => {
  it('adds one recovery origin per planned origin at or before the reopening, spread up to the next one', () => {
    expect(recoveryOrigins(40, [22, 28, 34], 25)).toEqual([27]);
    // the ABS case: h = 12, three origins before a reopening 10 periods before the end
    expect(recoveryOrigins(60, [24, 36, 48], 50)).toEqual([53, 55, 58]);
    expect(recoveryOrigins(60, [24, 36, 48], 20)).toEqual([]); // every planned origin is in the recovery
    expect(recoveryOrigins(40, [22, 28, 34], 30)).toEqual([]); // 4 periods cannot hold 2 more folds
    expect(recoveryOrigins(40, [22, 28, 34], 40)).toEqual([]); // no observation after the reopening
  });

  it('backtests on both; only the recovery folds are weighed; folds past the end are padded and unscored', () => {
    const series = indexSeries(60);
    const context: FitContext = {
      seasonPeriod: 1,
      disruptions: [{ kind: 'shutdown', window: { start: 30, end: 50 } }],
    };
    const bt = backtest([recordingSpec([])], series, context, { horizon: 12 });
    expect(bt.folds.map((f) => [f.origin, f.weighed])).toEqual([
      [24, false],
      [36, false],
      [48, false],
      [53, true],
      [55, true],
      [58, true],
    ]);
    const last = bt.folds[5];
    expect(last.actual).toHaveLength(12);
    expect(last.actual.slice(0, 2)).toEqual([59, 60]);
    expect(last.actual.slice(2).every(Number.isNaN)).toBe(true);
    expect(last.scored).toEqual([true, true, ...new Array(10).fill(false)]);

    const weighed = weighedFolds(bt);
    expect(weighed.folds.map((f) => f.origin)).toEqual([53, 55, 58]);
    expect(weighed.members[0].forecasts).toEqual(bt.members[0].forecasts.slice(3));
    // without a reopening inside the history, every fold is weighed and the view is the backtest itself
    const plain = backtest([recordingSpec([])], series, { seasonPeriod: 1 }, { horizon: 12 });
    expect(plain.folds.every((f) => f.weighed)).toBe(true);
    expect(weighedFolds(plain)).toBe(plain);
  });
});
