import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig } from './config';

const good = {
  SERVICE_NAME: 'ingestion',
  KAFKA_BROKERS: '127.0.0.1:9092,localhost:9093',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
};

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const c = loadConfig(baseConfigSchema, { ...good, HTTP_PORT: '3001' });
    expect(c.HTTP_PORT).toBe(3001);
    expect(c.GRPC_PORT).toBe(0);
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('names every bad variable and its value', () => {
    let err: unknown;
    try {
      loadConfig(baseConfigSchema, {
        ...good,
        KAFKA_BROKERS: 'nohostport',
        HTTP_PORT: 'x',
        DATABASE_URL: undefined,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/KAFKA_BROKERS: .*got 'nohostport'/);
    expect(msg).toMatch(/HTTP_PORT: .*got 'x'/);
    expect(msg).toMatch(/DATABASE_URL: .*not set/);
  });

  it('lets services extend the schema', () => {
    const schema = baseConfigSchema.extend({ TRAINING_INTERVAL_MINUTES: z.coerce.number().positive() });
    expect(() => loadConfig(schema, { ...good, TRAINING_INTERVAL_MINUTES: '-1' })).toThrow(
      /TRAINING_INTERVAL_MINUTES/,
    );
  });
});
