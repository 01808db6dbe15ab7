import { join } from 'node:path';
import { Command } from 'commander';
import { REPO_ROOT } from '@salescast/stack';
import * as faults from './faults';
import * as ingest from './ingest';
import * as training from './training';

/** A program that throws instead of exiting, and prints nothing. */
const quiet = (program: Command) =>
  program.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });

describe('bench:faults options', () => {
  const parse = (...argv: string[]) => faults.parseArgs(argv, quiet(faults.buildProgram()));

  it('defaults to 1,000,000 lines over 200 SKUs', () => {
    expect(parse()).toEqual({ lines: 1_000_000, skus: 200 });
  });

  it('reads --lines and --skus', () => {
    expect(parse('--lines', '100000', '--skus', '40')).toEqual({ lines: 100_000, skus: 40 });
  });

  it('rejects a bad number and an unknown option, naming them', () => {
    expect(() => parse('--lines', 'abc')).toThrow(/--lines must be a whole number >= 1, got 'abc'/);
    expect(() => parse('--skus', '0')).toThrow(/--skus must be a whole number >= 1, got '0'/);
    expect(() => parse('--skus', '2.5')).toThrow(/--skus must be a whole number/);
    expect(() => parse('--chunk', '10')).toThrow(/unknown option '--chunk'/);
  });

  it('prints help that says what it measures and needs', () => {
    // commander wraps the help to the terminal's width: compare it as one line
    const help = faults.buildProgram().helpInformation().replace(/\s+/g, ' ');
    expect(help).toMatch(/SIGKILLed/);
    expect(help).toMatch(/local Kafka and PostgreSQL of tools\/infra/);
    expect(help).toMatch(/--lines <n> ERP order lines to publish \(default: 1000000\)/);
  });
});

describe('bench:training options', () => {
  const parse = (...argv: string[]) => training.parseArgs(argv, quiet(training.buildProgram()));

  it('defaults to 48 SKUs, ets,theta,stlf and 1 then 2 processes', () => {
    expect(parse()).toEqual({ skus: 48, members: 'ets,theta,stlf', replicas: [1, 2] });
  });

  it('reads a replica list and keeps --members as given', () => {
    expect(parse('--skus', '240', '--members', 'default', '--replicas', '1, 2,4')).toEqual({
      skus: 240,
      members: 'default',
      replicas: [1, 2, 4],
    });
  });

  it('rejects a bad number, a bad replica count and an unknown option', () => {
    expect(() => parse('--skus', 'abc')).toThrow(/--skus must be a whole number >= 1, got 'abc'/);
    expect(() => parse('--replicas', '1,0')).toThrow(/--replicas must be a whole number >= 1, got '0'/);
    expect(() => parse('--replicas', '1,,2')).toThrow(/--replicas must be a whole number/);
    expect(() => parse('--workers', '2')).toThrow(/unknown option '--workers'/);
  });
});

describe('bench:ingest options', () => {
  const parse = (...argv: string[]) => ingest.parseArgs(argv, quiet(ingest.buildProgram()));

  it('defaults to 10 M lines, 1 M live lines, every part, a data directory named by --lines', () => {
    const args = parse();
    expect(args).toEqual({
      lines: 10_000_000,
      liveLines: 1_000_000,
      data: '/tmp/salescast-ingest-bench-10000000',
      out: join(REPO_ROOT, '.infra', 'bench', 'ingest.json'),
      only: new Set(['copy', 'keyed', 'backfill', 'live', 'perf']),
    });
    // the JSON's args keep the order of the old default
    expect([...args.only]).toEqual(['copy', 'keyed', 'backfill', 'live', 'perf']);
  });

  it('derives the data directory from --lines unless --data is given, and reads --only', () => {
    expect(parse('--lines', '100000').data).toBe('/tmp/salescast-ingest-bench-100000');
    const args = parse(
      '--lines',
      '85000000',
      '--data',
      '/tmp/d',
      '--only',
      'copy, backfill',
      '--out',
      'x.json',
    );
    expect(args).toMatchObject({ lines: 85_000_000, data: '/tmp/d', out: 'x.json' });
    expect([...args.only]).toEqual(['copy', 'backfill']);
  });

  it('rejects a bad number, an unknown part and an unknown option', () => {
    expect(() => parse('--live-lines', 'x')).toThrow(/--live-lines must be a whole number >= 1, got 'x'/);
    expect(() => parse('--lines', '-1')).toThrow(/--lines must be a whole number >= 1/);
    expect(() => parse('--only', 'copy,cpy')).toThrow(
      /--only takes parts among copy, keyed, backfill, perf, live/,
    );
    expect(() => parse('--only', '')).toThrow(/--only takes parts among/);
    expect(() => parse('--live', '1')).toThrow(/unknown option '--live'/);
  });
});
