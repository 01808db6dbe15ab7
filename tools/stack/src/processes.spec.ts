import { createServer } from 'node:net';
import { freePort, isReadyLine } from './processes';

describe('freePort', () => {
  it('skips a port the kernel offers again after it was handed out', async () => {
    const offers = [61001, 61001, 61002];
    const pick = async () => offers.shift()!;
    expect(await freePort(pick)).toBe(61001);
    expect(await freePort(pick)).toBe(61002);
    expect(offers).toEqual([]);
  });

  it('hands out distinct ports that a server can bind', async () => {
    const ports = new Set<number>();
    for (let i = 0; i < 40; i++) ports.add(await freePort());
    expect(ports.size).toBe(40);
    // each is free: a server can bind it
    const first = [...ports][0];
    await new Promise<void>((res, rej) => {
      const srv = createServer();
      srv.once('error', rej);
      srv.listen(first, '127.0.0.1', () => srv.close(() => res()));
    });
  });
});

describe('isReadyLine', () => {
  const line = (o: object) => JSON.stringify({ level: 30, service: 'gateway', ...o });

  it("accepts the child's own start-up line on its own port", () => {
    expect(isReadyLine(line({ pid: 42, httpPort: 8080, msg: 'gateway ready' }), 42, 8080)).toBe(true);
    expect(isReadyLine(line({ pid: 42, httpPort: 8080, grpcPort: 9, msg: 'training ready' }), 42, 8080)).toBe(
      true,
    );
  });

  it('rejects another process, another port, other lines and text that is not JSON', () => {
    expect(isReadyLine(line({ pid: 43, httpPort: 8080, msg: 'gateway ready' }), 42, 8080)).toBe(false);
    expect(isReadyLine(line({ pid: 42, httpPort: 8081, msg: 'gateway ready' }), 42, 8080)).toBe(false);
    expect(isReadyLine(line({ pid: 42, httpPort: 8080, msg: 'already listening' }), 42, 8080)).toBe(false);
    expect(isReadyLine(line({ pid: 42, msg: 'gateway ready' }), 42, 8080)).toBe(false);
    expect(isReadyLine('gateway ready on 8080', 42, 8080)).toBe(false);
    expect(isReadyLine('{"pid": 42, "httpPort": 8080, "msg": "gateway ready"', 42, 8080)).toBe(false);
    expect(isReadyLine(line({ pid: 42, httpPort: 8080, msg: 'gateway ready' }), undefined, 8080)).toBe(false);
  });
});
