import * as grpc from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { injectTraceContext } from '../tracing/tracing';

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: Partial<grpc.CallOptions>,
  callback: (err: grpc.ServiceError | null, res: Res) => void,
) => grpc.ClientUnaryCall;

/** Calls a unary method of a ts-proto grpc-js client as a promise, with a deadline. */
export function call<Req, Res>(
  client: grpc.Client,
  method: UnaryMethod<Req, Res>,
  request: Req,
  timeoutMs = 30_000,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, traceMetadata(), { deadline: Date.now() + timeoutMs }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
  });
}

/**
 * What a client presents to a salescast gRPC server. By default read from the environment, so that
 * every caller built on `connect()` (services calling each other, the demo, tests) authenticates
 * without code of its own:
 *
 * | variable                 | meaning                                                        |
 * | ------------------------ | -------------------------------------------------------------- |
 * | `GRPC_CLIENT_TOKEN`      | bearer token sent as `authorization: Bearer <token>` on calls  |
 * | `GRPC_CLIENT_CA_FILE`    | PEM CA that signed the server's certificate: connect with TLS  |
 * | `GRPC_CLIENT_CERT_FILE`  | PEM client certificate for mutual TLS (with the key file)      |
 * | `GRPC_CLIENT_KEY_FILE`   | PEM private key of that certificate                            |
 */
export interface ClientCredentials {
  /** Bearer token; '' or undefined = none. */
  token?: string;
  /** TLS: the CA bundle (PEM) that signed the server's certificate. */
  ca?: Buffer;
  /** mTLS: the client's certificate chain and key (PEM). */
  cert?: Buffer;
  key?: Buffer;
}

export function clientCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientCredentials {
  const read = (v?: string) => (v ? readFileSync(v) : undefined);
  return {
    token: env.GRPC_CLIENT_TOKEN || undefined,
    ca: read(env.GRPC_CLIENT_CA_FILE),
    cert: read(env.GRPC_CLIENT_CERT_FILE),
    key: read(env.GRPC_CLIENT_KEY_FILE),
  };
}

/** A client interceptor that adds `authorization: Bearer <token>` to every call (any channel). */
export function bearerInterceptor(token: string): grpc.Interceptor {
  const value = `Bearer ${token}`;
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        if (!metadata.get('authorization').length) metadata.set('authorization', value);
        next(metadata, listener);
      },
    });
}

/**
 * A channel to `address` (host:port) of a ts-proto generated client class: TLS when a CA is given
 * (mutual TLS with a client certificate), plaintext otherwise; a bearer token on every call when
 * one is given. Credentials default to the environment (clientCredentialsFromEnv).
 */
export function connect<C extends grpc.Client>(
  ClientClass: new (address: string, credentials: grpc.ChannelCredentials, options?: object) => C,
  address: string,
  credentials: ClientCredentials = clientCredentialsFromEnv(),
): C {
  const channel = credentials.ca
    ? grpc.credentials.createSsl(credentials.ca, credentials.key ?? null, credentials.cert ?? null)
    : grpc.credentials.createInsecure();
  return new ClientClass(address, channel, {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    interceptors: credentials.token ? [bearerInterceptor(credentials.token)] : [],
  });
}

/** Metadata carrying the active trace context (W3C `traceparent`); empty when tracing is off. */
function traceMetadata(): grpc.Metadata {
  const md = new grpc.Metadata();
  const carrier: Record<string, string> = {};
  injectTraceContext(carrier);
  for (const [k, v] of Object.entries(carrier)) md.set(k, v);
  return md;
}
