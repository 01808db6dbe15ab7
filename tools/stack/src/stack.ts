import { randomBytes, scryptSync } from 'node:crypto';
import { freePort, ServiceName, ServiceProcess } from './processes';

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

  constructor(readonly databaseUrl: string) {}

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
          ...(n === 'gateway' ? gatewayEnv : {}),
          TRAINING_CRON: 'off',
          LOG_LEVEL: 'info',
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

  async startAll(): Promise<void> {
    for (const s of this.services.values()) await s.start();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => s.stop().catch(() => undefined)));
  }
}
