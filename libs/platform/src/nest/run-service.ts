import 'reflect-metadata';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { z } from 'zod';
import { BaseConfig, loadConfig } from '../config/config';
import { openDatabase } from '../db/database';
import { OutboxRelay } from '../db/outbox';
import { grpcSecurityFromEnv } from '../grpc/security';
import { GrpcServiceBinding, RunningGrpcServer, startGrpcServer } from '../grpc/server';
import { KafkajsEventBus } from '../kafka/kafkajs-event-bus';
import { createLogger, lifecycleLogger, PinoNestLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { initTracing } from '../tracing/tracing';
import { PlatformModule, ServiceRuntime } from './platform.module';
import { waitForStartup } from '../startup/startup-retry';

export interface ServiceDefinition<C extends BaseConfig> {
  name: string;
  configSchema: z.ZodType<C>;
  /** Postgres schema owned by this service. */
  dbSchema: string;
  migrations: Function[];
  entities?: Function[];
  /** The service has an `outbox` table (OUTBOX_TABLE_SQL in its migrations): relay it to Kafka. */
  outbox?: boolean;
  /** Topics this service consumes or produces (created with their DLQs if missing). */
  topics: string[];
  /** Partition counts of topics that need more than KAFKA_PARTITIONS (work shared by replicas). */
  topicPartitions?: Record<string, number>;
  /** The service's root Nest module, given the runtime. */
  module: (rt: ServiceRuntime<C>) => Type<unknown>;
  /**
   * gRPC services to expose, resolved from the Nest container. Every service gets a gRPC server
   * (health and reflection at least, secured per grpcSecurityFromEnv); this adds its API.
   */
  grpc?: (app: INestApplication) => GrpcServiceBinding[];
}

export interface RunningService<C extends BaseConfig = BaseConfig> {
  app: INestApplication;
  runtime: ServiceRuntime<C>;
  httpPort: number;
  grpc?: RunningGrpcServer;
  stop(): Promise<void>;
}

/**
 * Starts one salescast service process: config (fail fast), JSON logs, metrics, database + migrations,
 * Kafka topics, the Nest application (its modules subscribe consumers on bootstrap), gRPC with health and
 * reflection, HTTP (health, /metrics). SIGTERM/SIGINT stop it gracefully: gRPC drains, consumers stop
 * after their in-flight batch is committed, the outbox relay finishes, the database closes.
 */
export async function runService<C extends BaseConfig>(
  def: ServiceDefinition<C>,
): Promise<RunningService<C>> {
  const config = loadConfig(def.configSchema, { SERVICE_NAME: def.name, ...process.env });
  const logger = createLogger(def.name, config.LOG_LEVEL);
  const tracing = initTracing(def.name);
  const metrics = new Metrics(def.name);
  // Never exit on a transient condition at start: wait for the database, the broker and the topics'
  // metadata within one bounded budget, logging what is awaited.
  const startup = { logger, budgetMs: config.STARTUP_TIMEOUT_SECONDS * 1000 };
  const db = await waitForStartup(
    'the database',
    () =>
      openDatabase({
        url: config.DATABASE_URL,
        schema: def.dbSchema,
        migrations: def.migrations,
        entities: def.entities,
        logger,
      }),
    startup,
  );
  const bus = new KafkajsEventBus({
    brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    clientId: config.KAFKA_CLIENT_ID ?? def.name,
    logger,
    metrics,
    partitions: config.KAFKA_PARTITIONS,
    startupBudgetMs: startup.budgetMs,
  });
  await waitForStartup(
    'Kafka topics and their metadata',
    () => bus.ensureTopics(def.topics, def.topicPartitions),
    startup,
  );
  const outbox = new OutboxRelay(db, bus, logger, { metrics });
  const runtime: ServiceRuntime<C> = { config, logger, metrics, db, bus, outbox };

  const root = def.module(runtime);
  const app = await NestFactory.create(
    { module: class AppRoot {}, imports: [PlatformModule.forRoot(runtime), root] } as never,
    { logger: new PinoNestLogger(logger.child({ component: 'nest' })), abortOnError: false },
  );
  await app.init();
  if (def.outbox) outbox.start();
  const grpc = await startGrpcServer({
    host: config.HOST,
    port: config.GRPC_PORT,
    services: def.grpc ? def.grpc(app) : [],
    security: grpcSecurityFromEnv(process.env, logger),
    logger,
    metrics,
  });
  await app.listen(config.HTTP_PORT, config.HOST);
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  lifecycleLogger(logger).info(
    { httpPort, grpcPort: grpc?.port, tracing: tracing.enabled },
    `${def.name} ready`,
  );

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down');
      await grpc?.close();
      await bus.close();
      await outbox.stop();
      await app.close();
      await db.destroy();
      await tracing.shutdown();
      logger.info('stopped');
    })());
  return { app, runtime, httpPort, grpc, stop };
}

/** `main.ts` helper: run, stop on SIGTERM/SIGINT, exit non-zero with a clear message on a start-up error. */
export function main<C extends BaseConfig>(def: ServiceDefinition<C>): void {
  runService(def).then(
    (svc) => {
      const onSignal = (signal: string) => {
        svc.runtime.logger.info({ signal }, 'signal received');
        svc.stop().then(
          () => process.exit(0),
          (e) => {
            svc.runtime.logger.error({ err: e }, 'unclean shutdown');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    },
    (e: Error) => {
      process.stderr.write(`${def.name} failed to start: ${e.message}\n`);
      process.exit(1);
    },
  );
}
