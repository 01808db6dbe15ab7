import { KafkaContainer } from '@testcontainers/kafka';
import { PostgreSqlContainer } from '@testcontainers/postgresql';

/** Confluent Platform 8.0 is Apache Kafka 4.0 in KRaft mode, the image family KafkaContainer drives. */
export const DEFAULT_KAFKA_IMAGE = 'confluentinc/cp-kafka:8.0.0';
export const DEFAULT_POSTGRES_IMAGE = 'postgres:15-alpine';
/** The port KafkaContainer exposes its host-facing PLAINTEXT listener on. */
const KAFKA_CLIENT_PORT = 9093;

export interface StartedContainers {
  kafkaBrokers?: string;
  databaseUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts the requested containers in parallel. Images can be overridden with
 * SALESCAST_KAFKA_IMAGE / SALESCAST_POSTGRES_IMAGE (e.g. a mirror).
 */
export async function startContainers(
  wanted: { kafka: boolean; postgres: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<StartedContainers> {
  const [kafkaResult, postgresResult] = await Promise.allSettled([
    wanted.kafka ? new KafkaContainer(env.SALESCAST_KAFKA_IMAGE ?? DEFAULT_KAFKA_IMAGE).start() : undefined,
    wanted.postgres
      ? new PostgreSqlContainer(env.SALESCAST_POSTGRES_IMAGE ?? DEFAULT_POSTGRES_IMAGE)
          .withDatabase('salescast')
          .start()
      : undefined,
  ]);
  if (kafkaResult.status === 'rejected' || postgresResult.status === 'rejected') {
    // Stop the one that did start rather than leave it to the reaper.
    await Promise.allSettled(
      [kafkaResult, postgresResult].map((result) =>
        result.status === 'fulfilled' ? result.value?.stop() : undefined,
      ),
    );
    const failure =
      kafkaResult.status === 'rejected'
        ? kafkaResult.reason
        : (postgresResult as PromiseRejectedResult).reason;
    throw new Error(`Testcontainers could not start the test infrastructure: ${String(failure)}`, {
      cause: failure,
    });
  }
  const kafka = kafkaResult.value;
  const postgres = postgresResult.value;
  return {
    kafkaBrokers: kafka && `${kafka.getHost()}:${kafka.getMappedPort(KAFKA_CLIENT_PORT)}`,
    databaseUrl: postgres?.getConnectionUri(),
    async stop() {
      await Promise.all([kafka?.stop(), postgres?.stop()]);
    },
  };
}
