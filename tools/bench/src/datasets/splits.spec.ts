import { parseLongCsv, groupBySeries } from './csv';
import { rollingOrigins, splitAt, taskId, toDatedSeries } from './splits';
import { rowsOf } from './fixtures';

describe('long CSV', () => {
  it('reads values as numbers, empty cells as NaN, and keeps series in file order', () => {
    const rows = parseLongCsv(
      'series_id,date,value,extra\nb,2020-01-01,1.5,x\na,2020-01-01,,y\nb,2020-02-01,2,z\n',
    );
    expect(rows[0]).toEqual({ series_id: 'b', date: '2020-01-01', value: 1.5, extra: 'x' });
    expect(rows[1].value).toBeNaN();
    expect([...groupBySeries(rows).keys()]).toEqual(['b', 'a']);
    expect(
      groupBySeries(rows)
        .get('b')!
        .map((r) => r.value),
    ).toEqual([1.5, 2]);
  });

  it('names the row that lacks a required column', () => {
    expect(() => parseLongCsv('series_id,value\na,1\n', 'f.csv')).toThrow(/f.csv: row 2 lacks/);
  });
});

describe('toDatedSeries', () => {
  it("accepts consecutive months, including M3's nominal years 0001…", () => {
    const rows = [
      { series_id: 's', date: '0001-11-01', value: 1 },
      { series_id: 's', date: '0001-12-01', value: 2 },
      { series_id: 's', date: '0002-01-01', value: 3 },
    ];
    expect(toDatedSeries('s', rows, 'monthly')).toEqual({
      id: 's',
      freq: 'monthly',
      start: '0001-11-01',
      y: [1, 2, 3],
    });
  });

  it('rejects a gap or a duplicate date', () => {
    const rows = rowsOf('s', '2020-01-01', 'monthly', [1, 2, 3]);
    expect(() => toDatedSeries('s', [rows[0], rows[2]], 'monthly')).toThrow(/row 1 is dated 2020-03-01/);
    expect(() => toDatedSeries('s', [rows[0], rows[0]], 'monthly')).toThrow(/gap or duplicate/);
  });

  it('checks weekly spacing to the day', () => {
    const rows = rowsOf('w', '2010-02-05', 'weekly', [1, 2]);
    expect(toDatedSeries('w', rows, 'weekly').y).toEqual([1, 2]);
    expect(() => toDatedSeries('w', [rows[0], { ...rows[1], date: '2010-02-13' }], 'weekly')).toThrow(
      /row 1/,
    );
  });
});

describe('rolling origins', () => {
  it('places origins every `step` over the held-out tail while a full horizon fits', () => {
    expect(rollingOrigins(100, { holdout: 24, horizon: 2, step: 6 })).toEqual([76, 82, 88, 94]);
    expect(rollingOrigins(143, { holdout: 26, horizon: 8, step: 2 })).toEqual([
      117, 119, 121, 123, 125, 127, 129, 131, 133, 135,
    ]);
  });

  it('covers every held-out value exactly once when step = horizon', () => {
    const covered = rollingOrigins(30, { holdout: 10, horizon: 2, step: 2 }).flatMap((o) => [o, o + 1]);
    expect(covered).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  });

  it('rejects a hold-out shorter than the horizon', () => {
    expect(() => rollingOrigins(30, { holdout: 1, horizon: 2, step: 1 })).toThrow(/shorter than the horizon/);
  });

  it('splits at an origin and names the task by its last training month', () => {
    const series = toDatedSeries('s', rowsOf('s', '2020-01-01', 'monthly', [1, 2, 3, 4, 5]), 'monthly');
    expect(splitAt(series, 3, 2)).toEqual({ train: { ...series, y: [1, 2, 3] }, actual: [4, 5] });
    expect(taskId(series, 3)).toBe('s@2020-03');
    expect(() => splitAt(series, 4, 2)).toThrow(/runs past/);
  });
});
