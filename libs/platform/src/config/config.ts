import { z } from 'zod';

/** Thrown at start-up when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** What every service needs. Services extend it with their own variables. */
export const baseConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  HTTP_PORT: port(0),
  GRPC_PORT: port(0),
  HOST: z.string().default('127.0.0.1'),
  KAFKA_BROKERS: z
    .string()
    .min(1, 'comma-separated host:port list, e.g. 127.0.0.1:9092')
    .refine((s) => s.split(',').every((b) => /^[^:\s]+:\d+$/.test(b.trim())), 'want host:port[,host:port…]'),
  KAFKA_CLIENT_ID: z.string().optional(),
  /** Partitions for topics this service creates (bounded consumer parallelism). */
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(3),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'want postgres://user:pass@host:port/db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * How long a starting service waits for the database, the broker and its topics' metadata before it
   * gives up (transient errors only: a broker still starting, a topic just created, PostgreSQL restarting).
   */
  STARTUP_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
  /** OTLP/HTTP endpoint for traces (e.g. http://otel-collector:4318); tracing is off when unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/**
 * Parses the environment with a zod schema; on failure throws a ConfigError listing each variable
 * that is missing or malformed (fail fast, before anything connects).
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((i) => {
      const name = i.path.join('.') || '(environment)';
      const value = i.path.length ? env[String(i.path[0])] : undefined;
      return `${name}: ${i.message}${value === undefined ? ' (not set)' : ` (got '${value}')`}`;
    }),
  );
}
