import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import { Metrics } from '../metrics/metrics';
import { errorMetadata, GrpcError } from './errors';
import { addReflection } from './reflection';
import { authInterceptor, GrpcSecurity } from './security';
import { extractTraceContext, SpanKind, withSpan } from '../tracing/tracing';

export interface GrpcServiceBinding {
  /** Fully-qualified service name, e.g. `salescast.api.v1.ForecastService` (used by grpc.health.v1). */
  name: string;
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
}

export interface GrpcServerOptions {
  host: string;
  port: number;
  /** The API services; may be empty (a server of health and reflection only). */
  services: GrpcServiceBinding[];
  /** Serve reflection for these services and grpc.health.v1 (default true). */
  reflection?: boolean;
  /** TLS / mTLS and API keys (grpcSecurityFromEnv); default: plaintext, no authentication. */
  security?: GrpcSecurity;
  logger: Logger;
  metrics?: Metrics;
}

export interface RunningGrpcServer {
  server: grpc.Server;
  port: number;
  health: HealthImplementation;
  close(): Promise<void>;
}

/**
 * Starts a gRPC server with the given services, `grpc.health.v1.Health` and server reflection
 * (listing exactly those), behind the bearer-token interceptor when `security.keys` is set.
 */
export async function startGrpcServer(opts: GrpcServerOptions): Promise<RunningGrpcServer> {
  const keys = opts.security?.keys;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    interceptors: keys ? [authInterceptor(keys, opts.metrics)] : [],
  });
  for (const s of opts.services) server.addService(s.definition, s.implementation);

  const statuses: Record<string, 'SERVING'> = { '': 'SERVING' };
  for (const s of opts.services) statuses[s.name] = 'SERVING';
  const health = new HealthImplementation(statuses);
  health.addToServer(server);

  if (opts.reflection !== false)
    addReflection(
      server,
      opts.services.map((s) => s.name),
    );

  const credentials = opts.security?.credentials ?? grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, credentials, (err, p) => (err ? reject(err) : resolve(p))),
  );
  opts.logger.info(
    {
      port,
      services: opts.services.map((s) => s.name),
      tls: opts.security?.tls ?? 'off',
      auth: keys ? 'bearer' : 'off',
    },
    'gRPC server listening',
  );
  return {
    server,
    port,
    health,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of Object.keys(statuses)) health.setStatus(s, 'NOT_SERVING');
        opts.security?.keys?.close();
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 5000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/**
 * Adapts an async handler to grpc-js: a GrpcError becomes its status (INVALID_ARGUMENT names the
 * field), anything else INTERNAL (logged with the method). Records latency and status per method.
 */
export function unary<Req, Res>(
  method: string,
  fn: (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
  deps: { logger: Logger; metrics: Metrics },
): grpc.handleUnaryCall<Req, Res> {
  const hist = deps.metrics.histogram(
    'salescast_grpc_server_handling_seconds',
    'gRPC unary call latency by method and status code',
    ['method', 'code'],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  return (call, callback) => {
    const end = hist.startTimer({ method });
    // an RPC server span, continuing the caller's trace (W3C traceparent in the metadata)
    const carrier: Record<string, string> = {};
    for (const [k, v] of Object.entries(call.metadata.getMap())) if (typeof v === 'string') carrier[k] = v;
    withSpan(`rpc ${method}`, { kind: SpanKind.SERVER, parent: extractTraceContext(carrier), attributes: { 'rpc.method': method } }, () =>
      fn(call.request, call),
    ).then(
      (res) => {
        end({ code: 'OK' });
        callback(null, res);
      },
      (e: unknown) => {
        if (e instanceof GrpcError) {
          end({ code: grpc.status[e.code] });
          callback({ code: e.code, details: e.message, metadata: errorMetadata(e) });
          return;
        }
        const sqlState = (e as { code?: unknown })?.code;
        if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
          // PostgreSQL refused a value of the request (a NUL byte, an out-of-range number or date): the
          // caller's argument is bad, not the server
          end({ code: 'INVALID_ARGUMENT' });
          callback({
            code: grpc.status.INVALID_ARGUMENT,
            details: `a request value the database refuses: ${(e as Error).message}`,
          });
          return;
        }
        end({ code: 'INTERNAL' });
        deps.logger.error({ method, err: e }, 'gRPC handler failed');
        callback({ code: grpc.status.INTERNAL, details: `internal error: ${(e as Error)?.message ?? e}` });
      },
    );
  };
}

/**
 * Adapts an async server-streaming handler to grpc-js: `fn` writes through `send` (which waits
 * when the client reads slowly); errors map as in `unary()`. Records latency and status.
 */
export function serverStream<Req, Res>(
  method: string,
  fn: (request: Req, send: (res: Res) => Promise<void>, call: grpc.ServerWritableStream<Req, Res>) => Promise<void>,
  deps: { logger: Logger; metrics: Metrics },
): grpc.handleServerStreamingCall<Req, Res> {
  const hist = deps.metrics.histogram(
    'salescast_grpc_server_handling_seconds',
    'gRPC unary call latency by method and status code',
    ['method', 'code'],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  return (call) => {
    const end = hist.startTimer({ method });
    let cancelled = false;
    call.on('cancelled', () => (cancelled = true));
    const send = (res: Res) =>
      new Promise<void>((resolve, reject) => {
        if (cancelled) return reject(new GrpcError(grpc.status.CANCELLED, 'cancelled by the client'));
        if (call.write(res)) resolve();
        else call.once('drain', () => resolve());
      });
    fn(call.request, send, call).then(
      () => {
        end({ code: 'OK' });
        call.end();
      },
      (e: unknown) => {
        if (e instanceof GrpcError) {
          end({ code: grpc.status[e.code] });
          // 'error', not destroy(): grpc-js ends the stream with this status on 'error', while a destroyed
          // stream never sends its status and the client waits for its deadline
          if (!cancelled)
            call.emit(
              'error',
              Object.assign(new Error(e.message), { code: e.code, details: e.message, metadata: errorMetadata(e) }),
            );
          return;
        }
        end({ code: 'INTERNAL' });
        deps.logger.error({ method, err: e }, 'gRPC handler failed');
        call.emit(
          'error',
          Object.assign(new Error('internal'), {
            code: grpc.status.INTERNAL,
            details: `internal error: ${(e as Error)?.message ?? e}`,
          }),
        );
      },
    );
  };
}
