import { envProblems, loadSchemaModule, serviceEnv, serviceNames } from './code-env.testing';
import { schemaSources } from './code-env';

describe('the environment variables the code knows (from its zod config schemas)', () => {
  test('finds every service, each with a config schema', () => {
    const names = serviceNames();
    expect(names).toEqual(
      expect.arrayContaining(['alerting', 'feature-store', 'ingestion', 'prediction', 'training']),
    );
    for (const name of names)
      expect({ name, schemas: schemaSources(name).length > 0 }).toEqual({ name, schemas: true });
  });

  test("reads training's schema: declared, required (no default, not optional) and defaulted variables", () => {
    const training = serviceEnv('training', loadSchemaModule);
    expect([...training.declared]).toEqual(
      expect.arrayContaining(['FEATURE_SERVICE_ADDR', 'TRAINING_CRON', 'KAFKA_BROKERS', 'LOG_LEVEL']),
    );
    for (const name of ['FEATURE_SERVICE_ADDR', 'KAFKA_BROKERS', 'DATABASE_URL', 'SERVICE_NAME'])
      expect(training.required.has(name)).toBe(true);
    for (const name of ['LOG_LEVEL', 'TRAINING_CRON', 'HTTP_PORT', 'OTEL_EXPORTER_OTLP_ENDPOINT'])
      expect(training.required.has(name)).toBe(false);
  });

  test('names a variable a deployment sets that the code does not read, and a required one it leaves out', () => {
    const prediction = serviceEnv('prediction', loadSchemaModule);
    expect(
      envProblems('x', prediction, ['KAFKA_BROKERS', 'DATABASE_URL', 'TRAINING_SERVICE_ADDR', 'NODE_ENV']),
    ).toEqual([]);
    expect(envProblems('x', prediction, ['KAFKA_BROKERS', 'DATABASE_URL', 'TRAINING_SERVICE_ADR'])).toEqual([
      'x sets TRAINING_SERVICE_ADR, which services/prediction does not read',
      'x does not set TRAINING_SERVICE_ADDR, which services/prediction requires',
    ]);
  });
});
