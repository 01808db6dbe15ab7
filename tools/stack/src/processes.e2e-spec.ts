import { freshDatabase } from '@salescast/infra';
import { createServer, Server } from 'node:http';
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
