import * as grpc from '@grpc/grpc-js';
import { requiredScope } from '@salescast/contracts';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { z } from 'zod';
import { Metrics } from '../metrics/metrics';
import { ApiKeyStore, authorize } from './auth';

/**
 * How a gRPC server is secured, from the environment (validated; a bad value stops the process
 * naming the variable):
 *
 * | variable                  | meaning                                                                   |
 * | ------------------------- | ------------------------------------------------------------------------- |
 * | `GRPC_AUTH`               | `on` (default): every API call needs a bearer token; `off`: none (logged)  |
 * | `GRPC_API_KEYS`           | JSON `[{"id","token","scopes":[...]}]`; token may be `sha256:<hex>`       |
 * | `GRPC_API_KEYS_FILE`      | the same JSON in a file (a mounted secret), re-read when it changes       |
 * | `GRPC_TLS_CERT_FILE`      | PEM certificate chain: serve TLS instead of plaintext                     |
 * | `GRPC_TLS_KEY_FILE`       | PEM private key of that certificate                                       |
 * | `GRPC_TLS_CLIENT_CA_FILE` | PEM CA bundle: mutual TLS, clients must present a certificate it signed   |
 */
export const grpcSecurityEnvSchema = z
  .object({
    GRPC_AUTH: z.enum(['on', 'off']).default('on'),
    GRPC_API_KEYS: z.string().optional(),
    GRPC_API_KEYS_FILE: z.string().optional(),
    GRPC_TLS_CERT_FILE: z.string().optional(),
    GRPC_TLS_KEY_FILE: z.string().optional(),
    GRPC_TLS_CLIENT_CA_FILE: z.string().optional(),
  })
  .refine((e) => !e.GRPC_TLS_CERT_FILE === !e.GRPC_TLS_KEY_FILE, {
    message: 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together',
    path: ['GRPC_TLS_KEY_FILE'],
  })
  .refine((e) => !e.GRPC_TLS_CLIENT_CA_FILE || !!e.GRPC_TLS_CERT_FILE, {
    message: 'mutual TLS (GRPC_TLS_CLIENT_CA_FILE) needs GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE',
    path: ['GRPC_TLS_CLIENT_CA_FILE'],
  });

export interface GrpcSecurity {
  credentials: grpc.ServerCredentials;
  /** undefined when GRPC_AUTH=off. */
  keys?: ApiKeyStore;
  tls: 'off' | 'tls' | 'mtls';
}

/** Reads the server's security from the environment (see grpcSecurityEnvSchema). */
export function grpcSecurityFromEnv(env: NodeJS.ProcessEnv, logger?: Logger): GrpcSecurity {
  const parsed = grpcSecurityEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  let keys: ApiKeyStore | undefined;
  if (e.GRPC_AUTH === 'on') {
    keys = new ApiKeyStore({ envJson: e.GRPC_API_KEYS, file: e.GRPC_API_KEYS_FILE, logger }).watch();
    if (keys.size === 0 && !e.GRPC_API_KEYS_FILE)
      logger?.warn('GRPC_AUTH=on and no API key configured (GRPC_API_KEYS, GRPC_API_KEYS_FILE): every API call is refused');
  } else logger?.warn('GRPC_AUTH=off: the gRPC API answers anyone who reaches the port');
  let credentials = grpc.ServerCredentials.createInsecure();
  let tls: GrpcSecurity['tls'] = 'off';
  if (e.GRPC_TLS_CERT_FILE && e.GRPC_TLS_KEY_FILE) {
    const ca = e.GRPC_TLS_CLIENT_CA_FILE ? readFileSync(e.GRPC_TLS_CLIENT_CA_FILE) : null;
    credentials = grpc.ServerCredentials.createSsl(
      ca,
      [{ cert_chain: readFileSync(e.GRPC_TLS_CERT_FILE), private_key: readFileSync(e.GRPC_TLS_KEY_FILE) }],
      !!ca,
    );
    tls = ca ? 'mtls' : 'tls';
  }
  return { credentials, keys, tls };
}

/**
 * A grpc-js server interceptor that checks the bearer token of every call against the scope
 * its method needs (RPC_SCOPES in @salescast/contracts) before the handler runs: no or unknown
 * token → UNAUTHENTICATED, missing scope → PERMISSION_DENIED. Health and reflection stay open.
 */
export function authInterceptor(keys: ApiKeyStore, metrics?: Metrics): grpc.ServerInterceptor {
  const refused = metrics?.counter(
    'salescast_grpc_auth_refused_total',
    'gRPC calls refused by authentication or authorisation, by method and code',
    ['method', 'code'],
  );
  return (method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, mdNext) => {
            const scope = requiredScope(method.path);
            if (!scope) return mdNext(metadata);
            const r = authorize(keys, metadata.get('authorization'), method.path, scope);
            if (r.ok) return mdNext(metadata);
            refused?.inc({ method: method.path, code: r.code });
            call.sendStatus({ code: grpc.status[r.code], details: r.message, metadata: new grpc.Metadata() });
          },
        }),
    });
}
