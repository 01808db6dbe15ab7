import { chooseSources, infraMode } from './ensure-infra';

describe('chooseSources', () => {
  const both = { KAFKA_BROKERS: 'k:9092', DATABASE_URL: 'postgres://u@h/db' };

  it('takes both from the environment when both are set, whatever Docker says', () => {
    expect(chooseSources(both, true)).toEqual({ kafka: 'env', postgres: 'env' });
  });

  it('fills the missing one from Testcontainers when Docker answers', () => {
    expect(chooseSources({ KAFKA_BROKERS: 'k:9092' }, true)).toEqual({
      kafka: 'env',
      postgres: 'testcontainers',
    });
  });

  it('falls back to the local processes when Docker does not answer', () => {
    expect(chooseSources({}, false)).toEqual({ kafka: 'local', postgres: 'local' });
    expect(chooseSources({ DATABASE_URL: 'postgres://u@h/db' }, false)).toEqual({
      kafka: 'local',
      postgres: 'env',
    });
  });

  it('ignores variables that are set but blank', () => {
    expect(chooseSources({ KAFKA_BROKERS: '  ', DATABASE_URL: '' }, false)).toEqual({
      kafka: 'local',
      postgres: 'local',
    });
  });

  it('obeys SALESCAST_INFRA_MODE over the Docker probe', () => {
    expect(chooseSources({ SALESCAST_INFRA_MODE: 'local' }, true)).toEqual({
      kafka: 'local',
      postgres: 'local',
    });
    expect(chooseSources({ SALESCAST_INFRA_MODE: 'testcontainers' }, false)).toEqual({
      kafka: 'testcontainers',
      postgres: 'testcontainers',
    });
  });
});

describe('infraMode', () => {
  it('defaults to auto and rejects an unknown mode by name', () => {
    expect(infraMode({})).toBe('auto');
    expect(() => infraMode({ SALESCAST_INFRA_MODE: 'docker' })).toThrow(/"docker"/);
  });
});
