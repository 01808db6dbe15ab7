import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  createLogger,
  KafkajsEventBus,
  lifecycleLogger,
  loadConfig,
  Metrics,
  PinoNestLogger,
} from '@salescast/platform';
import express, { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gatewayConfigSchema } from './config';
import { ErrorBody } from './errors/api-error';
import { ErrorsFilter } from './errors/errors.filter';
import { GatewayModule } from './gateway.module';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

/**
 * gateway: REST + OpenAPI over the services' gRPC, sign-in for people, the dashboard, and
 * server-sent events fed from Kafka. No database and no business logic.
 */
async function start(): Promise<void> {
  const config = loadConfig(gatewayConfigSchema, { SERVICE_NAME: 'gateway', ...process.env });
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const metrics = new Metrics('gateway');
  const bus = new KafkajsEventBus({
    brokers: config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
    clientId: config.KAFKA_CLIENT_ID ?? 'gateway',
    logger,
    metrics,
    partitions: config.KAFKA_PARTITIONS,
  });
  await bus.ensureTopics(['forecasts.published.v1', 'monitoring.alerts.v1']);

  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.forRoot({ config, logger, metrics, bus }),
    {
      logger: new PinoNestLogger(logger.child({ component: 'nest' })),
      abortOnError: false,
      bodyParser: false,
    },
  );
  // JSON bodies only; a malformed one answers in the common error shape, naming the body
  app.use(express.json({ limit: '1mb' }));
  app.use(
    (err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      const status = err.status && err.status < 500 ? err.status : 400;
      const body: ErrorBody = {
        error: {
          status,
          code: status === 413 ? 'payload_too_large' : 'invalid_argument',
          message: `body: ${err.message}`,
          field: 'body',
        },
      };
      res.status(status).json(body);
    },
  );
  app.useGlobalFilters(new ErrorsFilter(logger));

  const web = resolve(config.GATEWAY_WEB_DIR ?? join(__dirname, '..', 'web', 'dist'));
  if (existsSync(join(web, 'index.html'))) {
    app.useStaticAssets(web, { index: false, maxAge: '1h', immutable: false });
    // the dashboard is one page: every other GET that is not the API gets index.html
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || /^\/(api|health|metrics)(\/|$)/.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(web, 'index.html'));
    });
  } else logger.warn({ web }, 'no dashboard build found (npm run build); serving the API only');

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('salescast REST API')
      .setDescription(
        'Forecasts, history, accuracy, models and live events over the salescast gRPC services. ' +
          'Sign in at POST /api/auth/sign-in (people) or send your API token; every route but sign-in ' +
          'needs `Authorization: Bearer <token>`. Errors: `{ "error": { status, code, message, field? } }`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH.slice(1), app, doc, {
    jsonDocumentUrl: OPENAPI_PATH.slice(1),
    yamlDocumentUrl: 'api/openapi.yaml',
  });

  await app.listen(config.HTTP_PORT, config.HOST);
  const address = app.getHttpServer().address();
  const httpPort = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
  lifecycleLogger(logger).info({ httpPort, docs: DOCS_PATH, openapi: OPENAPI_PATH }, 'gateway ready');

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      await bus.close();
      await app.close();
      logger.info('stopped');
    })()).then(
      () => process.exit(0),
      (e) => {
        logger.error({ err: e }, 'unclean shutdown');
        process.exit(1);
      },
    );
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

start().catch((e: Error) => {
  process.stderr.write(`gateway failed to start: ${e.message}\n`);
  process.exit(1);
});
