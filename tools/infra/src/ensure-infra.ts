import type * as Containers from './containers';
import { dockerEngineAnswers } from './docker-engine';
import { startLocalInfra, stopLocalInfra } from './local-infra';

/** Where a piece of infrastructure came from. */
export type InfraSource = 'env' | 'testcontainers' | 'local';

export interface Infra {
  /** Comma-separated host:port list, as kafkajs `brokers` wants after a split. */
  kafkaBrokers: string;
  /** postgres://user[:password]@host:port/database */
  databaseUrl: string;
  sources: { kafka: InfraSource; postgres: InfraSource };
  /** Stops only what this ensureInfra call started; infrastructure found running is left alone. */
  stop(): Promise<void>;
}

/**
 * SALESCAST_INFRA_MODE forces the fallback: `local` (never Testcontainers, e.g. on a laptop whose
 * Docker is slow) or `testcontainers` (fail rather than fall back). Unset: Docker when it answers.
 */
export type InfraMode = 'auto' | 'local' | 'testcontainers';

export function infraMode(env: NodeJS.ProcessEnv): InfraMode {
  const mode = env.SALESCAST_INFRA_MODE?.trim() || 'auto';
  if (mode === 'auto' || mode === 'local' || mode === 'testcontainers') return mode;
  throw new Error(`SALESCAST_INFRA_MODE="${mode}" is not one of auto, local, testcontainers`);
}

/**
 * Decides where Kafka and PostgreSQL come from: each from its environment variable when set
 * (KAFKA_BROKERS, DATABASE_URL), the rest from Testcontainers when a Docker engine answers,
 * else from the local processes of tools/infra/infra.sh.
 */
export function chooseSources(
  env: NodeJS.ProcessEnv,
  dockerAnswers: boolean,
): { kafka: InfraSource; postgres: InfraSource } {
  const mode = infraMode(env);
  const fallback: InfraSource =
    mode === 'testcontainers' || (mode === 'auto' && dockerAnswers) ? 'testcontainers' : 'local';
  return {
    kafka: env.KAFKA_BROKERS?.trim() ? 'env' : fallback,
    postgres: env.DATABASE_URL?.trim() ? 'env' : fallback,
  };
}

/** Loaded only when Docker is used: importing testcontainers costs about a second. */
function loadContainers(): typeof Containers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return require('./containers') as typeof Containers;
}

/** Finds or starts a Kafka broker and a PostgreSQL database for tests and the demo. */
export async function ensureInfra(env: NodeJS.ProcessEnv = process.env): Promise<Infra> {
  const bothFromEnv = Boolean(env.KAFKA_BROKERS?.trim() && env.DATABASE_URL?.trim());
  const mode = infraMode(env);
  const dockerAnswers = !bothFromEnv && mode === 'auto' ? await dockerEngineAnswers() : false;
  const sources = chooseSources(env, dockerAnswers);
  const wanted = { kafka: sources.kafka !== 'env', postgres: sources.postgres !== 'env' };

  let started: { kafkaBrokers?: string; databaseUrl?: string; stop(): Promise<void> } = {
    stop: async () => undefined,
  };
  if (sources.kafka === 'testcontainers' || sources.postgres === 'testcontainers') {
    started = await loadContainers().startContainers(wanted, env);
  } else if (sources.kafka === 'local' || sources.postgres === 'local') {
    const local = await startLocalInfra();
    started = { ...local, stop: local.startedHere ? stopLocalInfra : async () => undefined };
  }

  const kafkaBrokers = wanted.kafka ? started.kafkaBrokers : env.KAFKA_BROKERS?.trim();
  const databaseUrl = wanted.postgres ? started.databaseUrl : env.DATABASE_URL?.trim();
  if (!kafkaBrokers || !databaseUrl) {
    await started.stop();
    throw new Error(`no ${kafkaBrokers ? 'DATABASE_URL' : 'KAFKA_BROKERS'} from ${JSON.stringify(sources)}`);
  }
  return { kafkaBrokers, databaseUrl, sources, stop: () => started.stop() };
}
