import { bucketStart, chartRows, reopeningMarks, shadedAreas, yearBefore } from './series';

describe('dashboard chart rows', () => {
  const history = {
    sku: 'A',
    start_date: '2023-01-02', // a Monday
    quantities: Array.from({ length: 371 }, (_, i) => i),
    revenues: [],
    returned_quantities: [],
  };
  const forecast = {
    sku: 'A',
    model_version_id: 'v',
    model_name: 'm',
    origin_date: '2024-01-07',
    points: [
      {
        date: '2024-01-08',
        mean: 10,
        intervals: [
          { level: 80, lower: 8, upper: 12 },
          { level: 95, lower: -1, upper: 14 },
        ],
      },
      {
        date: '2024-01-09',
        mean: 20,
        intervals: [
          { level: 80, lower: 18, upper: 22 },
          { level: 95, lower: 15, upper: 25 },
        ],
      },
    ],
  };

  it('starts weeks on Monday and months on the 1st, and goes back 364 days or one month', () => {
    expect(bucketStart('2024-01-10', 'week')).toBe('2024-01-08');
    expect(bucketStart('2024-01-07', 'week')).toBe('2024-01-01');
    expect(bucketStart('2024-02-29', 'month')).toBe('2024-02-01');
    expect(yearBefore('2024-01-08', 'week')).toBe('2023-01-09');
    expect(yearBefore('2024-03-01', 'month')).toBe('2023-03-01');
  });

  it('draws daily bands clipped at zero, and the same weekday a year before', () => {
    const r = chartRows(history, forecast, 'day');
    const i = r.labels.indexOf('2024-01-08');
    expect(r.mean[i]).toBe(10);
    expect(r.lo95[i]).toBe(0);
    expect(r.hi80[i + 1]).toBe(22);
    expect(r.lastYear[i]).toBe(7); // 2023-01-09 is day 7 of the history
    expect(r.actual[i]).toBeNull();
  });

  it('sums units into weeks and leaves the bands out, since intervals do not add up', () => {
    const r = chartRows(history, forecast, 'week');
    expect(r.bands).toBe(false);
    expect(r.actual[r.labels.indexOf('2023-01-02')]).toBe(0 + 1 + 2 + 3 + 4 + 5 + 6);
    expect(r.mean[r.labels.indexOf('2024-01-08')]).toBe(30);
    expect(r.hi80.every((v) => v === null)).toBe(true);
  });

  it('keeps only the last days of history when asked', () => {
    const r = chartRows(history, forecast, 'day', 10);
    expect(r.labels[0]).toBe('2023-12-29');
    expect(r.labels).toHaveLength(12);
  });

  it('draws the bands of a forecast the service already bucketed, at the start of each bucket', () => {
    const weekly = {
      ...forecast,
      points: [{ date: '2024-01-10', mean: 70, intervals: [{ level: 80, lower: 60, upper: 80 }] }],
    };
    const r = chartRows(history, weekly, 'week', 0, true);
    const i = r.labels.indexOf('2024-01-08');
    expect(r.bands).toBe(true);
    expect([r.mean[i], r.lo80[i], r.hi80[i]]).toEqual([70, 60, 80]);
  });
});

describe('shaded business events', () => {
  const labels = ['2024-11-01', '2024-11-02', '2024-11-03', '2024-11-04', '2024-11-05', '2024-11-06'];
  const ev = (kind: string, starts_on: string, ends_on = '', description = '') => ({
    kind,
    starts_on,
    ends_on,
    scope: 'all',
    description,
  });

  it('shades a closed window, clipped to the chart', () => {
    expect(shadedAreas([ev('promotion', '2024-10-20', '2024-11-02', 'Autumn sale')], labels, 'day')).toEqual([
      { kind: 'promotion', from: '2024-11-01', to: '2024-11-02', name: 'Autumn sale' },
    ]);
  });

  it('ends an open shutdown the day before its reopening, or at the end of the chart', () => {
    expect(shadedAreas([ev('shutdown', '2024-11-03'), ev('reopening', '2024-11-05')], labels, 'day')).toEqual(
      [{ kind: 'shutdown', from: '2024-11-03', to: '2024-11-04', name: 'shutdown' }],
    );
    expect(shadedAreas([ev('shutdown', '2024-11-04')], labels, 'day')).toEqual([
      { kind: 'shutdown', from: '2024-11-04', to: '2024-11-06', name: 'shutdown' },
    ]);
  });

  it('leaves out what the chart does not show, and maps days onto weeks', () => {
    expect(shadedAreas([ev('promotion', '2024-12-01', '2024-12-05')], labels, 'day')).toEqual([]);
    expect(shadedAreas([ev('reopening', '2024-11-02')], labels, 'day')).toEqual([]);
    const weeks = ['2024-10-28', '2024-11-04', '2024-11-11'];
    expect(shadedAreas([ev('promotion', '2024-11-06', '2024-11-12')], weeks, 'week')).toEqual([
      { kind: 'promotion', from: '2024-11-04', to: '2024-11-11', name: 'promotion' },
    ]);
  });
});

describe('reopening marks', () => {
  it('marks a reopening the chart shows, in its bucket', () => {
    const events = [
      { kind: 'reopening', starts_on: '2024-11-06', ends_on: '', scope: 'all', description: '' },
      { kind: 'reopening', starts_on: '2025-03-01', ends_on: '', scope: 'all', description: 'x' },
      { kind: 'promotion', starts_on: '2024-11-06', ends_on: '2024-11-07', scope: 'all', description: '' },
    ];
    expect(reopeningMarks(events, ['2024-10-28', '2024-11-04'], 'week')).toEqual([
      { at: '2024-11-04', name: 'reopened' },
    ]);
  });
});
