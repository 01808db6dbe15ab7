import { freePort, ServiceName, ServiceProcess } from './processes';

export function kafkaBrokers(): string[] {
  const b = process.env.KAFKA_BROKERS;
  if (!b) throw new Error('KAFKA_BROKERS is not set: the e2e global set-up should have provided it');
  return b.split(',');
}

/** The five services wired to each other, on free ports, sharing one database and the broker. */
export class Stack {
  readonly services = new Map<ServiceName, ServiceProcess>();

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
    for (const n of names) {
      const [http, grpc] = ports.get(n)!;
      stack.services.set(
        n,
        new ServiceProcess(n, http, grpc, {
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: kafkaBrokers().join(','),
          FEATURE_SERVICE_ADDR: addr('feature-store'),
          TRAINING_SERVICE_ADDR: addr('training'),
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
