import { RejectLog } from '@salescast/datagen';
import { Dataset } from '../dataset/load-dataset';
import { previousActualsFrom } from './actuals';
import { directionHits, previousPeriod } from './direction';
import { evaluateForecast, ForecastRow, TruthRow } from './evaluate-forecast';

describe('directionHits (sign(F_t − A_{t−1}) vs sign(A_t − A_{t−1}))', () => {
  it('scores the first period against the last actual of the history', () => {
    // June 100; July actual 120 (up), forecast 110 (up): right. August actual 90 (down from July's 120),
    // forecast 130 (up from 120): wrong.
    expect(directionHits([120, 90], [110, 130], 100)).toEqual({ hits: 1, steps: 2 });
  });

  it('judges later periods against the previous actual, not the previous forecast', () => {
    // July: 100 → 80 actual, forecast 90: both down, right. August: actual 80 → 85 (up); forecast 85 is up
    // from July's actual 80 (right) even though it is below July's forecast 90 (a path-based rule says wrong).
    expect(directionHits([80, 85], [90, 85], 100)).toEqual({ hits: 2, steps: 2 });
  });

  it('counts a flat forecast right only for a flat actual', () => {
    expect(directionHits([50], [50], 50)).toEqual({ hits: 1, steps: 1 });
    expect(directionHits([51], [50], 50)).toEqual({ hits: 0, steps: 1 });
    expect(directionHits([0], [0.2], 0)).toEqual({ hits: 0, steps: 1 }); // no sale in June nor July, forecast up
  });

  it('skips the first period without a previous actual', () => {
    expect(directionHits([10, 20], [15, 25], undefined)).toEqual({ hits: 1, steps: 1 });
    expect(directionHits([10], [15], undefined)).toEqual({ hits: 0, steps: 0 });
  });

  it('rejects misaligned inputs', () => {
    expect(() => directionHits([1, 2], [1], 0)).toThrow(RangeError);
  });
});

describe('previousPeriod', () => {
  it('steps back a month or a day across year ends', () => {
    expect(previousPeriod('2025-07')).toBe('2025-06');
    expect(previousPeriod('2025-01')).toBe('2024-12');
    expect(previousPeriod('2025-03-01')).toBe('2025-02-28');
    expect(previousPeriod('2025-01-01')).toBe('2024-12-31');
  });
});

const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);

function history(): Dataset {
  const units = new Map<number, number>();
  for (let d = day('2025-06-01'); d <= day('2025-06-30'); d++) units.set(d, 2); // June: 60 units
  units.set(day('2025-05-31'), 7);
  return {
    dir: 'h',
    skus: new Map([['A', { sku: 'A', name: 'A', category: 'c', unitPrice: 1, launchedOn: '2020-01-01' }]]),
    terms: new Map(),
    events: [],
    daily: new Map([['A', { units, revenue: new Map(), returned: new Map() }]]),
    firstDay: day('2025-05-15'),
    lastDay: day('2025-06-30'),
    rows: {},
    rejects: new RejectLog(),
  };
}

describe('previousActualsFrom', () => {
  it('sums a wholly known month or day, and knows nothing of partial or unknown periods', () => {
    const prev = previousActualsFrom(history());
    expect(prev('A', '2025-06')).toBe(60);
    expect(prev('A', '2025-06-30')).toBe(2);
    expect(prev('A', '2025-05-31')).toBe(7);
    expect(prev('A', '2025-05')).toBeUndefined(); // the data start on 15 May
    expect(prev('A', '2025-07')).toBeUndefined(); // not in the history
    expect(prev('Z', '2025-06')).toBeUndefined();
  });
});

describe('evaluateForecast with the history', () => {
  it("scores July against June's actual: 2 of 2 moves right, where July→August alone gave 0 of 1", () => {
    const truth: TruthRow[] = [
      { sku: 'A', date: '2025-07-01', quantity: 80 }, // July 80 (June 60: up)
      { sku: 'A', date: '2025-08-01', quantity: 70 }, // August 70 (down from 80)
    ];
    const forecast: ForecastRow[] = [
      { sku: 'A', date: '2025-07-01', mean: 75 }, // up from 60: right
      { sku: 'A', date: '2025-08-01', mean: 76 }, // 76 < 80: down, right (a path rule says 75 → 76 up: wrong)
    ];
    const withHistory = evaluateForecast(forecast, truth, {
      by: 'month',
      topShare: 1,
      previousActual: previousActualsFrom(history()),
    });
    expect(withHistory.all).toMatchObject({ directionalAccuracy: 1, directionSteps: 2 });
    const without = evaluateForecast(forecast, truth, { by: 'month', topShare: 1 });
    expect(without.all).toMatchObject({ directionalAccuracy: 1, directionSteps: 1 });
    const daily = evaluateForecast(forecast, truth, {
      by: 'day',
      topShare: 1,
      previousActual: previousActualsFrom(history()),
    });
    // 1 July vs 30 June (2): 75 and 80 both up; 1 August vs the previous scored day (1 July, 80): both down.
    expect(daily.all).toMatchObject({ directionalAccuracy: 1, directionSteps: 2 });
  });
});
