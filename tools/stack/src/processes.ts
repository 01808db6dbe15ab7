import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The repository root, from src/ or dist/ of tools/stack. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const LOG_DIR = join(REPO_ROOT, '.infra', 'logs', 'services');

export type ServiceName = 'ingestion' | 'feature-store' | 'training' | 'prediction' | 'alerting' | 'gateway';

/** Every port this process has handed out: a port is given to one service only, even after release. */
const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1 (bind to 0, read, release), never one handed out before by this
 * process: the kernel may offer a released port again, and two services told the same port would
 * race for it (the loser exits, and the winner answers the loser's readiness checks).
 */
export async function freePort(pick: () => Promise<number> = bindAnyPort): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const port = await pick();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('freePort: the kernel offered only ports already handed out, 100 times');
}

/** The port the kernel gives a listener on 127.0.0.1:0, released at once. */
function bindAnyPort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a value that is not undefined, or fails after `timeoutMs` with `what`. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}

/** One service as a real child process (the compiled `dist/main.js`), with its ports and log file. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  constructor(
    readonly name: ServiceName,
    readonly httpPort: number,
    readonly grpcPort: number,
    /** The environment it starts with (besides ports): a test may start a variant of it. */
    readonly env: Record<string, string>,
    private readonly logTag: string = name,
  ) {}

  /** The running process's pid (undefined before start or after exit). */
  get pid(): number | undefined {
    return this.child && this.child.exitCode === null ? this.child.pid : undefined;
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async start(): Promise<void> {
    mkdirSync(LOG_DIR, { recursive: true });
    const log = createWriteStream(join(LOG_DIR, `${this.logTag}.log`), { flags: 'a' });
    // SALESCAST_NODE_ARGS: extra node flags for every service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
    const nodeArgs = (process.env.SALESCAST_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
    const main = join(REPO_ROOT, 'services', this.name, 'dist', 'main.js');
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...this.env,
        HTTP_PORT: String(this.httpPort),
        GRPC_PORT: String(this.grpcPort),
        NODE_NO_WARNINGS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    // The child's own "<service> ready" line, naming its pid and HTTP port: only then is whatever
    // answers on that port this child (and not a process that got there first).
    let listening = false;
    const lastLines: string[] = [];
    const remember = (line: string) => {
      lastLines.push(line);
      if (lastLines.length > 5) lastLines.shift();
    };
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        remember(line);
        if (!listening && isReadyLine(line, child.pid, this.httpPort)) listening = true;
      });
    // a failed start is often said on stderr (grpc-js: "listen EADDRINUSE …")
    if (child.stderr) createInterface({ input: child.stderr }).on('line', remember);
    this.child = child;
    // 'close', not 'exit': the output is read to its end, so a failed start's last lines are in the error
    this.exited = new Promise((res) => child.once('close', (code) => res(code)));
    const early = this.exited.then((code) => {
      throw new Error(
        `${this.name} exited with code ${code} during start; see ${join(LOG_DIR, `${this.logTag}.log`)}` +
          (lastLines.length ? `; its last lines:\n${lastLines.join('\n')}` : ''),
      );
    });
    await Promise.race([early, this.waitReady(() => listening)]);
    early.catch(() => undefined);
  }

  private async waitReady(listening: () => boolean): Promise<void> {
    await eventually(
      `${this.name} to log that it listens on ${this.httpPort}, then answer /health/ready`,
      async () => (listening() && (await fetch(`${this.httpUrl}/health/ready`)).ok ? true : undefined),
      // longer than a service's own start-up budget (STARTUP_TIMEOUT_SECONDS, 120 s): on a loaded
      // machine it may spend most of it waiting for the broker, and says so in its log
      180_000,
    );
  }

  async metrics(): Promise<string> {
    return (await fetch(`${this.httpUrl}/metrics`)).text();
  }

  /** SIGKILL: no graceful shutdown at all (a crash). */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait for a clean exit. Returns the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    return this.exited ?? null;
  }
}

/**
 * Whether a log line is a service's start-up line ("<name> ready", JSON from pino) from process
 * `pid`, listening on HTTP port `httpPort`.
 */
export function isReadyLine(line: string, pid: number | undefined, httpPort: number): boolean {
  if (!line.startsWith('{')) return false;
  try {
    const o = JSON.parse(line) as { msg?: unknown; pid?: unknown; httpPort?: unknown };
    return typeof o.msg === 'string' && /\bready$/.test(o.msg) && o.pid === pid && o.httpPort === httpPort;
  } catch {
    return false;
  }
}

/** Reads a sample value of a metric with the given labels from Prometheus text output. */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have: Record<string, string> = {};
    for (const kv of (m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) have[kv[1]] = kv[2];
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}
