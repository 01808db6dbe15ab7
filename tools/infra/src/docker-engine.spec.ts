import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { dockerEndpoints, dockerEngineAnswers } from './docker-engine';

describe('dockerEndpoints', () => {
  const anySocket = () => true;
  const noSocket = () => false;

  it('uses DOCKER_HOST alone when it is set', () => {
    expect(dockerEndpoints({ DOCKER_HOST: 'unix:///custom/docker.sock' }, '/home/u', 1000, noSocket)).toEqual(
      [{ socketPath: '/custom/docker.sock' }],
    );
    expect(dockerEndpoints({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, '/home/u', 1000, anySocket)).toEqual([
      { host: '10.0.0.5', port: 2375, tls: false },
    ]);
  });

  it('defaults the TCP port by whether TLS is asked for', () => {
    expect(
      dockerEndpoints({ DOCKER_HOST: 'tcp://docker', DOCKER_TLS_VERIFY: '1' }, '/h', 1, noSocket),
    ).toEqual([{ host: 'docker', port: 2376, tls: true }]);
  });

  it('rejects a DOCKER_HOST it cannot reach, naming it', () => {
    expect(() => dockerEndpoints({ DOCKER_HOST: 'ssh://user@box' }, '/h', 1, noSocket)).toThrow(
      /ssh:\/\/user@box/,
    );
  });

  it('lists only the sockets that exist, system socket first', () => {
    const existing = new Set(['/home/u/.docker/run/docker.sock', '/var/run/docker.sock']);
    expect(dockerEndpoints({}, '/home/u', 1000, (p) => existing.has(p))).toEqual([
      { socketPath: '/var/run/docker.sock' },
      { socketPath: '/home/u/.docker/run/docker.sock' },
    ]);
  });

  it('finds nothing where no socket exists', () => {
    expect(dockerEndpoints({ XDG_RUNTIME_DIR: '/run/user/1000' }, '/home/u', 1000, noSocket)).toEqual([]);
  });
});

describe('dockerEngineAnswers', () => {
  let dir: string;
  let server: http.Server | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'docker-ping-'));
    server = undefined;
  });
  afterEach(async () => {
    const running = server;
    if (running) await new Promise((resolve) => running.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function engineOnSocket(status: number): Promise<string> {
    const socketPath = path.join(dir, 'docker.sock');
    const engine = http.createServer((request, response) => {
      response.writeHead(request.url === '/_ping' ? status : 404).end('OK');
    });
    server = engine;
    await new Promise<void>((resolve) => engine.listen(socketPath, resolve));
    return socketPath;
  }

  it('is true when the engine at DOCKER_HOST answers its ping', async () => {
    const socketPath = await engineOnSocket(200);
    await expect(dockerEngineAnswers(500, { DOCKER_HOST: `unix://${socketPath}` })).resolves.toBe(true);
  });

  it('is false when the engine answers with an error', async () => {
    const socketPath = await engineOnSocket(500);
    await expect(dockerEngineAnswers(500, { DOCKER_HOST: `unix://${socketPath}` })).resolves.toBe(false);
  });

  it('is false when nothing listens on the socket', async () => {
    const missing = path.join(dir, 'absent.sock');
    await expect(dockerEngineAnswers(500, { DOCKER_HOST: `unix://${missing}` })).resolves.toBe(false);
  });
});
