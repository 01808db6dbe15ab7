import { freshDatabase } from '@salescast/infra';
import { createServer, Server } from 'node:http';
import { createServer as createTcpServer, Server as TcpServer } from 'node:net';
import { Stack } from './stack';

/**
 * A service whose HTTP port another process already holds must fail to start, loudly: the stack
 * must not take the squatter's answers (here, 200 to everything) for the service's readiness.
 */
describe('a service process whose port is taken', () => {
  let squatter: Server;
  let stack: Stack;

  afterAll(async () => {
    await stack?.stopAll();
    await new Promise<void>((res) => (squatter ? squatter.close(() => res()) : res()));
  });

  it('is reported as failing to start, with its last log lines, not mistaken for ready', async () => {
    stack = await Stack.create((await freshDatabase('e2e_port_taken')).url, ['ingestion']);
    const service = stack.get('ingestion');
    squatter = createServer((_req, res) => res.writeHead(200).end('{"status":"ok"}'));
    await new Promise<void>((res) => squatter.listen(service.httpPort, '127.0.0.1', () => res()));
    expect((await fetch(`${service.httpUrl}/health/ready`)).ok).toBe(true);

    await expect(service.start()).rejects.toThrow(/ingestion exited with code [1-9][\s\S]*EADDRINUSE/);
  });
});

describe('a stack whose service finds its port taken', () => {
  let stack: Stack;
  const squatters: Array<Server | TcpServer> = [];

  afterAll(async () => {
    await stack?.stopAll();
    await Promise.all(squatters.map((q) => new Promise<void>((res) => q.close(() => res()))));
  });

  it('starts it again on new ports and tells the services started after it its new address', async () => {
    stack = await Stack.create((await freshDatabase('e2e_port_moved')).url, ['feature-store', 'training']);
    const before = stack.get('feature-store');
    const http = createServer((_req, res) => res.writeHead(200).end('{"status":"ok"}'));
    const grpc = createTcpServer();
    squatters.push(http, grpc);
    await new Promise<void>((res) => http.listen(before.httpPort, '127.0.0.1', () => res()));
    await new Promise<void>((res) => grpc.listen(before.grpcPort, '127.0.0.1', () => res()));

    await stack.startAll();

    const after = stack.get('feature-store');
    expect(after).not.toBe(before);
    expect(after.httpPort).not.toBe(before.httpPort);
    expect(after.grpcPort).not.toBe(before.grpcPort);
    expect(stack.get('training').env.FEATURE_SERVICE_ADDR).toBe(after.grpcAddress);
    expect(await (await fetch(`${after.httpUrl}/metrics`)).text()).toMatch(/# HELP/);
  });
});
