import { status } from '@grpc/grpc-js';
import { api } from '@salescast/contracts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Metrics } from '../metrics/metrics';
import { call, connect } from './client';
import { grpcSecurityFromEnv } from './security';
import { RunningGrpcServer, startGrpcServer, unary } from './server';

/** A CA, and a server and a client certificate it signed (openssl), in a temporary directory. */
function certificates(): Record<'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string> {
  const dir = mkdtempSync(join(tmpdir(), 'salescast-tls-'));
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=salescast-test-ca',
  );
  writeFileSync(f('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  for (const who of ['server', 'client']) {
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f(`${who}.key`),
      '-out',
      f(`${who}.csr`),
      '-subj',
      `/CN=${who}`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${who}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f(`${who}.pem`),
      '-days',
      '1',
      '-extfile',
      f('san.ext'),
    );
  }
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
  };
}

/**
 * The transport security of every salescast gRPC server, over real sockets: TLS, mutual TLS, and
 * the bearer-token check on top of them (a fixed GetForecast answer stands in for the service).
 */
describe('gRPC TLS and mTLS', () => {
  const certs = certificates();
  const token = 'tls-test-token-0123456789';
  const keys = JSON.stringify([{ id: 't', token, scopes: ['forecasts:read'] }]);
  const logger = pino({ level: 'silent' });
  const request = { sku: 'A', horizonDays: 1, levels: [] };
  let server: RunningGrpcServer | undefined;

  async function start(env: Record<string, string>): Promise<string> {
    const deps = { logger, metrics: new Metrics('test') };
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      security: grpcSecurityFromEnv({ GRPC_API_KEYS: keys, ...env }),
      services: [
        {
          name: 'salescast.api.v1.ForecastService',
          definition: api.ForecastServiceService,
          implementation: {
            getForecast: unary(
              'GetForecast',
              async (r: api.GetForecastRequest) => api.GetForecastResponse.fromPartial({ sku: r.sku }),
              deps,
            ),
          },
        },
      ],
    });
    return `localhost:${server.port}`;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves TLS: a client that trusts the CA gets through with its token, a plaintext one does not', async () => {
    const address = await start({ GRPC_TLS_CERT_FILE: certs.serverCert, GRPC_TLS_KEY_FILE: certs.serverKey });
    const ca = readFileSync(certs.ca);
    const tls = connect(api.ForecastServiceClient, address, { token, ca });
    expect((await call(tls, tls.getForecast, request)).sku).toBe('A');
    const noToken = connect(api.ForecastServiceClient, address, { ca });
    await expect(call(noToken, noToken.getForecast, request)).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    const plain = connect(api.ForecastServiceClient, address, { token });
    await expect(call(plain, plain.getForecast, request, 5000)).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    for (const c of [tls, noToken, plain]) c.close();
  });

  it('requires a client certificate signed by the client CA with mutual TLS', async () => {
    const address = await start({
      GRPC_TLS_CERT_FILE: certs.serverCert,
      GRPC_TLS_KEY_FILE: certs.serverKey,
      GRPC_TLS_CLIENT_CA_FILE: certs.ca,
    });
    const ca = readFileSync(certs.ca);
    const withCert = connect(api.ForecastServiceClient, address, {
      token,
      ca,
      cert: readFileSync(certs.clientCert),
      key: readFileSync(certs.clientKey),
    });
    expect((await call(withCert, withCert.getForecast, request)).sku).toBe('A');
    const without = connect(api.ForecastServiceClient, address, { token, ca });
    await expect(call(without, without.getForecast, request, 5000)).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    for (const c of [withCert, without]) c.close();
  });

  it('refuses a half-configured TLS at start, naming the variable', () => {
    expect(() => grpcSecurityFromEnv({ GRPC_TLS_CERT_FILE: certs.serverCert })).toThrow(/GRPC_TLS_KEY_FILE/);
    expect(() => grpcSecurityFromEnv({ GRPC_TLS_CLIENT_CA_FILE: certs.ca })).toThrow(
      /GRPC_TLS_CLIENT_CA_FILE/,
    );
  });
});
