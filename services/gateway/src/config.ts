import { z } from 'zod';

const address = z.string().regex(/^[^:\s]+:\d+$/, 'want host:port');

/**
 * The gateway has no database: it maps REST onto the services' gRPC and pushes Kafka events to
 * browsers. Users and roles come from a file (a mounted secret), never from the code.
 */
export const gatewayConfigSchema = z.object({
  SERVICE_NAME: z.string().min(1),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KAFKA_BROKERS: z
    .string()
    .min(1, 'comma-separated host:port list, e.g. 127.0.0.1:9092')
    .refine((s) => s.split(',').every((b) => /^[^:\s]+:\d+$/.test(b.trim())), 'want host:port[,host:port…]'),
  KAFKA_CLIENT_ID: z.string().optional(),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(3),
  /** ForecastService (prediction). */
  FORECAST_SERVICE_ADDR: address,
  /** FeatureService (feature-store): SKU list and daily history. */
  FEATURE_SERVICE_ADDR: address,
  /** TrainingService (training): runs, model versions, champions. */
  TRAINING_SERVICE_ADDR: address,
  /** MonitoringService (alerting): realised accuracy, alerts. */
  MONITORING_SERVICE_ADDR: address,
  /** ReorderService (prediction); default: FORECAST_SERVICE_ADDR, the same service. */
  REORDER_SERVICE_ADDR: address.optional(),
  /** Deadline of one upstream gRPC call. */
  GATEWAY_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** HMAC key of the sign-in tokens (HS256); at least 32 characters. Every replica shares it. */
  GATEWAY_JWT_SECRET: z.string().min(32, 'at least 32 characters (a random secret shared by the replicas)'),
  /** Lifetime of a sign-in token. */
  GATEWAY_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  /** JSON file of users and roles (see docs/gateway.md); `GATEWAY_USERS` holds the same JSON inline. */
  GATEWAY_USERS_FILE: z.string().optional(),
  GATEWAY_USERS: z.string().optional(),
  /**
   * The gateway's own bearer token for the services (calls made for signed-in people, whose scopes
   * it checks itself) is GRPC_CLIENT_TOKEN, read by connect() from @salescast/platform, like every
   * other gRPC client; TLS likewise (GRPC_CLIENT_CA_FILE, …).
   */
  /** Directory of the built dashboard (index.html + assets); default: the package's web/dist. */
  GATEWAY_WEB_DIR: z.string().optional(),
  /** Consumer-group prefix; each replica adds its own instance id, so every replica sees every event. */
  GATEWAY_GROUP_PREFIX: z.string().default('gateway'),
});
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
