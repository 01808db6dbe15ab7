import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where a Docker engine's API may be reached: a Unix socket, or a TCP address (DOCKER_HOST=tcp://...). */
export type DockerEndpoint = { socketPath: string } | { host: string; port: number; tls: boolean };

/**
 * The places Testcontainers itself looks for an engine, in its order: DOCKER_HOST, the system
 * socket, then the rootless and Docker Desktop sockets. Only existing sockets are returned, so on
 * a machine without Docker this costs a few stat calls.
 */
export function dockerEndpoints(
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
  uid: number = os.userInfo().uid,
  socketExists: (socketPath: string) => boolean = existsSync,
): DockerEndpoint[] {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    const url = new URL(dockerHost);
    if (url.protocol === 'unix:') return [{ socketPath: url.pathname }];
    if (url.protocol === 'tcp:' || url.protocol === 'http:' || url.protocol === 'https:') {
      const tls = url.protocol === 'https:' || Boolean(env.DOCKER_TLS_VERIFY);
      return [{ host: url.hostname, port: Number(url.port || (tls ? 2376 : 2375)), tls }];
    }
    throw new Error(`DOCKER_HOST="${dockerHost}" is neither unix:// nor tcp://`);
  }
  const sockets = [
    '/var/run/docker.sock',
    env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'docker.sock') : undefined,
    path.join(home, '.docker', 'run', 'docker.sock'),
    path.join(home, '.docker', 'desktop', 'docker.sock'),
    `/run/user/${uid}/docker.sock`,
  ];
  return [...new Set(sockets)]
    .filter((socketPath): socketPath is string => socketPath !== undefined && socketExists(socketPath))
    .map((socketPath) => ({ socketPath }));
}

/** GET /_ping on one endpoint; true when the engine answers 200 within the timeout. */
function ping(endpoint: DockerEndpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const options =
      'socketPath' in endpoint
        ? { socketPath: endpoint.socketPath, path: '/_ping' }
        : { host: endpoint.host, port: endpoint.port, path: '/_ping', rejectUnauthorized: false };
    const client = 'tls' in endpoint && endpoint.tls ? https : http;
    const request = client.get({ ...options, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * True when some Docker engine answers. Quiet and cheap (no Testcontainers import, whose runtime
 * probing logs and takes seconds): a ping per existing endpoint, `timeoutMs` at most each.
 */
export async function dockerEngineAnswers(
  timeoutMs = 1000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  for (const endpoint of dockerEndpoints(env)) {
    if (await ping(endpoint, timeoutMs)) return true;
  }
  return false;
}
