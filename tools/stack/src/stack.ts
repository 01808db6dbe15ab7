import { randomBytes, scryptSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT, ServiceName, ServiceProcess } from './processes';

/** The bearer tokens a Stack provisions: one per scope, and admin (which has them all). */
export interface StackCredentials {
  admin: string;
  forecastsRead: string;
  trainingWrite: string;
  /** The mounted-secret-like key file every service of the stack watches (rewrite it to rotate). */
  keysFile: string;
}

/** The API key file (`GRPC_API_KEYS_FILE`) for a stack's tokens. */
export function apiKeysJson(c: Omit<StackCredentials, 'keysFile'>, extra: object[] = []): string {
  return JSON.stringify(
    [
      { id: 'stack-admin', token: c.admin, scopes: ['admin'] },
      { id: 'stack-reader', token: c.forecastsRead, scopes: ['forecasts:read'] },
      { id: 'stack-trainer', token: c.trainingWrite, scopes: ['training:write'] },
      ...extra,
    ],
    null,
    2,
  );
}

/**
 * Provisions the API keys of a stack (auth is on, as in production): a key file under
 * `.infra/secrets/` that the services watch, and `GRPC_CLIENT_TOKEN` (the admin token) in this
 * process's environment, so that `connect()` from @salescast/platform authenticates every client a
 * test, the demo or a benchmark creates, without code of its own.
 */
export function provisionCredentials(): StackCredentials {
  const token = () => randomBytes(24).toString('base64url');
  const tokens = { admin: token(), forecastsRead: token(), trainingWrite: token() };
  const dir = join(REPO_ROOT, '.infra', 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keysFile = join(dir, `api-keys-${process.pid}-${Date.now().toString(36)}.json`);
  writeFileSync(keysFile, apiKeysJson(tokens), { mode: 0o600 });
  process.env.GRPC_CLIENT_TOKEN = tokens.admin;
  return { ...tokens, keysFile };
}

/** A person who may sign in at the gateway of a stack. */
export interface GatewayUser {
  username: string;
  password: string;
  role: string;
}

/**
 * The gateway's users file (format in docs/gateway.md) for `users`, passwords hashed the way the
 * gateway checks them (`scrypt:<salt>:<key>`, 32-byte key).
 */
export function gatewayUsersJson(users: GatewayUser[]): string {
  return JSON.stringify({
    users: users.map((u) => {
      const salt = randomBytes(16);
      const key = scryptSync(u.password, salt, 32);
      return {
        username: u.username,
        role: u.role,
        password: `scrypt:${salt.toString('base64')}:${key.toString('base64')}`,
      };
    }),
  });
}

export function kafkaBrokers(): string[] {
  const b = process.env.KAFKA_BROKERS;
  if (!b) throw new Error('KAFKA_BROKERS is not set: the e2e global set-up should have provided it');
  return b.split(',');
}

/** The five services wired to each other, on free ports, sharing one database and the broker. */
export class Stack {
  readonly services = new Map<ServiceName, ServiceProcess>();
  /** Who may sign in at the gateway (fresh random passwords per stack), when it is part of the stack. */
  gatewayUsers: GatewayUser[] = [];

  constructor(
    readonly databaseUrl: string,
    /** The tokens the services accept (auth is on); the admin token is already in GRPC_CLIENT_TOKEN. */
    readonly credentials: StackCredentials = provisionCredentials(),
  ) {}

  static async create(
    databaseUrl: string,
    names: ServiceName[],
    extraEnv: Record<string, string> = {},
  ): Promise<Stack> {
    const stack = new Stack(databaseUrl);
    const ports = new Map<ServiceName, [number, number]>();
    for (const n of names) ports.set(n, [await freePort(), await freePort()]);
    const addr = (n: ServiceName) => `127.0.0.1:${ports.get(n)?.[1] ?? 1}`;
    const gatewayEnv: Record<string, string> = {};
    if (names.includes('gateway')) {
      stack.gatewayUsers = [
        { username: 'planner', password: randomBytes(9).toString('base64url'), role: 'planner' },
        { username: 'admin', password: randomBytes(9).toString('base64url'), role: 'admin' },
      ];
      gatewayEnv.GATEWAY_USERS = gatewayUsersJson(stack.gatewayUsers);
      gatewayEnv.GATEWAY_JWT_SECRET = randomBytes(32).toString('base64url');
      // the gateway checks a signed-in person's scopes itself, then calls the services as admin
      gatewayEnv.GRPC_CLIENT_TOKEN = stack.credentials.admin;
    }
    for (const n of names) {
      const [http, grpc] = ports.get(n)!;
      stack.services.set(
        n,
        new ServiceProcess(n, http, grpc, {
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: kafkaBrokers().join(','),
          FEATURE_SERVICE_ADDR: addr('feature-store'),
          TRAINING_SERVICE_ADDR: addr('training'),
          FORECAST_SERVICE_ADDR: addr('prediction'),
          MONITORING_SERVICE_ADDR: addr('alerting'),
          TRAINING_CRON: 'off',
          LOG_LEVEL: 'info',
          GRPC_AUTH: 'on',
          GRPC_API_KEYS_FILE: stack.credentials.keysFile,
          // the services' own clients (prediction → training, training → feature store)
          GRPC_CLIENT_TOKEN: stack.credentials.forecastsRead,
          ...(n === 'gateway' ? gatewayEnv : {}),
          ...extraEnv,
        }),
      );
    }
    return stack;
  }

  get(name: ServiceName): ServiceProcess {
    const s = this.services.get(name);
    if (!s) throw new Error(`service ${name} is not part of this stack`);
    return s;
  }

  /**
   * Starts the services in order. A service that cannot bind a port (EADDRINUSE: another process took it
   * between the pick and the bind) gets new ports and is started again, up to twice; the services not
   * started yet are told its new gRPC address. A service already running that was told the old address
   * cannot be, so then the error stands (the usual order starts every service after those it calls).
   */
  async startAll(): Promise<void> {
    const names = [...this.services.keys()];
    for (const [i, name] of names.entries())
      for (let attempt = 1; ; attempt++) {
        try {
          await this.get(name).start();
          break;
        } catch (e) {
          if (attempt >= 3 || !/EADDRINUSE/.test(String(e))) throw e;
          await this.movePorts(name, names.slice(0, i), names.slice(i + 1));
        }
      }
  }

  /** New ports for `name`, and its new gRPC address in the environment of the services in `later`. */
  private async movePorts(name: ServiceName, started: ServiceName[], later: ServiceName[]): Promise<void> {
    const old = this.get(name);
    const oldAddr = old.grpcAddress;
    const caller = started.find((n) => Object.values(this.get(n).env).includes(oldAddr));
    if (caller)
      throw new Error(`${name}: port in use, and ${caller} already runs with its address ${oldAddr}`);
    const [http, grpc] = [await freePort(), await freePort()];
    const newAddr = `127.0.0.1:${grpc}`;
    const rewire = (env: Record<string, string>) =>
      Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === oldAddr ? newAddr : v]));
    this.services.set(name, new ServiceProcess(name, http, grpc, rewire(old.env)));
    for (const n of later) {
      const s = this.get(n);
      this.services.set(n, new ServiceProcess(n, s.httpPort, s.grpcPort, rewire(s.env)));
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop().catch(() => undefined)));
  }
}
