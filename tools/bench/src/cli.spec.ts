import { buildProgram } from './cli';

const parse = (...args: string[]) =>
  buildProgram()
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined })
    .parse(['node', 'bench', ...args])
    .opts();

describe('bench:accuracy options', () => {
  it('defaults to R references, 2 worker threads and 2 R processes', () => {
    expect(parse('--dataset', 'm3_monthly')).toMatchObject({
      dataset: 'm3_monthly',
      json: false,
      r: true,
      workers: 2,
      rProcesses: 2,
    });
  });

  it('reads --no-r, --json, --limit and a member list', () => {
    expect(
      parse('--dataset', 'aus_retail', '--no-r', '--json', '--limit', '5', '--members', 'ets, snaive'),
    ).toMatchObject({
      r: false,
      json: true,
      limit: 5,
      members: ['ets', 'snaive'],
    });
  });

  it('knows the COVID data sets', () => {
    for (const dataset of ['abs_overseas_arrivals', 'melbourne_pedestrians_daily'])
      expect(parse('--dataset', dataset, '--no-r', '--peer', 'skip')).toMatchObject({
        dataset,
        r: false,
        peer: 'skip',
      });
  });

  it('names the known data sets when given an unknown one, and rejects a bad number', () => {
    expect(() => parse('--dataset', 'm4')).toThrow(/unknown data set 'm4' \(known: m3_monthly, aus_retail/);
    expect(() => parse('--dataset', 'm3_monthly', '--limit', 'x')).toThrow(/--limit must be a whole number/);
  });
});
