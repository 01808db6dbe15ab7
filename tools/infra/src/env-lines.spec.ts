import { parseEnvLines } from './env-lines';

describe('parseEnvLines', () => {
  it('reads KEY=value lines, skipping comments and blank lines', () => {
    const text =
      '# written by infra.sh\n\nKAFKA_BROKERS=127.0.0.1:40001\nDATABASE_URL=postgres://postgres@127.0.0.1:40002/salescast\n';
    expect(parseEnvLines(text)).toEqual({
      KAFKA_BROKERS: '127.0.0.1:40001',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:40002/salescast',
    });
  });

  it('accepts an export prefix and keeps = signs inside the value', () => {
    expect(parseEnvLines('export OPTS=a=b\n')).toEqual({ OPTS: 'a=b' });
  });

  it('keeps an empty value as an empty string', () => {
    expect(parseEnvLines('PG_PID=\n')).toEqual({ PG_PID: '' });
  });

  it('rejects a line that is not an assignment, naming the line', () => {
    expect(() => parseEnvLines('A=1\nnot an assignment\n')).toThrow(/line 2 .*not an assignment/);
  });
});
