import { ensureInfra } from './ensure-infra';
import { rememberInfra } from './global-infra';

/**
 * Global set-up of the `e2e` jest project: finds or starts Kafka and PostgreSQL (see ensureInfra)
 * and exports KAFKA_BROKERS and DATABASE_URL, which the test workers inherit.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const infra = await ensureInfra();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.DATABASE_URL = infra.databaseUrl;
  rememberInfra(infra);
  process.stderr.write(
    `\n[e2e] Kafka ${infra.kafkaBrokers} (${infra.sources.kafka}), PostgreSQL ${new URL(infra.databaseUrl).host} ` +
      `(${infra.sources.postgres}), ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
  );
}
