import * as grpc from '@grpc/grpc-js';
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

/** An insecure channel to `address` (host:port) of a ts-proto generated client class. */
export function connect<C extends grpc.Client>(
  ClientClass: new (address: string, credentials: grpc.ChannelCredentials, options?: object) => C,
  address: string,
): C {
  return new ClientClass(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
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
