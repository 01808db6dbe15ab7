import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { envProblems, loadSchemaModule, serviceEnv, serviceNames } from './code-env.testing';
import { isRulesFile, planSync } from './helm-sync';
import { REPO_ROOT } from './paths';

/**
 * docker-compose.yml and deploy/docker/Dockerfile, checked statically: no Docker engine runs here
 * (nor in CI), so `docker compose config` cannot. What is checked is what breaks silently when the
 * services change: the set of services, their variables against the code, the addresses they call,
 * the folders mounted, and what Prometheus scrapes.
 */

/** Components compose already runs whose service directory comes with another branch. */
const PENDING_SERVICES = new Set(['gateway']);

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, unknown>;
  healthcheck?: unknown;
}
const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const apps = new Map(
  Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('salescast/salescast')),
);
const env = (name: string) =>
  Object.fromEntries(Object.entries(apps.get(name)?.environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.yml', () => {
  test('runs Kafka in KRaft mode, PostgreSQL, Prometheus and Grafana beside the services', () => {
    const kafka = compose.services.kafka as ComposeService;
    expect(String(kafka.environment?.KAFKA_PROCESS_ROLES)).toBe('broker,controller');
    expect(kafka.healthcheck).toBeDefined();
    expect(compose.services.postgres?.image).toMatch(/^postgres:15/);
    expect(compose.services.prometheus?.image).toMatch(/^prom\/prometheus:/);
    expect(compose.services.grafana?.image).toMatch(/^grafana\/grafana:/);
  });

  test('runs every service from the one image, each with its own command, and no service that does not exist', () => {
    const services = serviceNames();
    for (const name of services)
      expect({ service: name, inCompose: apps.has(name) }).toEqual({ service: name, inCompose: true });
    for (const [name, svc] of apps) {
      if (!PENDING_SERVICES.has(name))
        expect({ name, exists: services.includes(name) }).toEqual({ name, exists: true });
      expect(svc.command).toEqual(['node', `services/${name}/dist/main.js`]);
      expect(svc.build).toEqual({ context: '.', dockerfile: 'deploy/docker/Dockerfile' });
    }
  });

  test('every variable a service is given is one it reads, and every variable it requires is given', () => {
    const problems = serviceNames()
      .filter((name) => apps.has(name))
      .flatMap((name) =>
        envProblems(`compose service ${name}`, serviceEnv(name, loadSchemaModule), Object.keys(env(name))),
      );
    expect(problems).toEqual([]);
  });

  test("each *_SERVICE_ADDR names a compose service and that service's GRPC_PORT; ports published match the listen ports", () => {
    for (const [name] of apps) {
      for (const [key, value] of Object.entries(env(name))) {
        if (!key.endsWith('_SERVICE_ADDR')) continue;
        const [host, port] = value.split(':');
        expect({ from: name, key, target: host, grpcPort: env(host).GRPC_PORT }).toEqual({
          from: name,
          key,
          target: host,
          grpcPort: port,
        });
      }
      const published = (apps.get(name)!.ports ?? []).map((p) => p.split(':')[1]);
      expect(published).toContain(env(name).HTTP_PORT);
      if (env(name).GRPC_PORT) expect(published).toContain(env(name).GRPC_PORT);
    }
  });

  test('every folder or file it mounts from the repository exists', () => {
    const binds = Object.values(compose.services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0])
      .filter((source) => source.startsWith('./'));
    expect(binds.length).toBeGreaterThanOrEqual(4);
    for (const source of binds)
      expect({ source, exists: existsSync(join(REPO_ROOT, source)) }).toEqual({ source, exists: true });
  });

  test('Prometheus scrapes every service on its HTTP port and loads every rules file of deploy/prometheus', () => {
    const config = parse(readFileSync(join(REPO_ROOT, 'deploy/docker/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = new Set(config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets)));
    for (const [name] of apps) expect(targets).toContain(`${name}:${env(name).HTTP_PORT}`);
    // The rules folder is mounted where rule_files looks, and every rules file lives in that folder.
    const mount = compose.services.prometheus.volumes!.find((v) => v.startsWith('./deploy/prometheus'))!;
    const [source, target] = mount.split(':');
    expect(config.rule_files).toContain(`${target}/*.yml`);
    const rulesSources = [...planSync().sources.entries()]
      .filter(([t]) => t.startsWith('files/prometheus/'))
      .map(([, s]) => s);
    for (const file of rulesSources) {
      expect({
        file,
        inMountedFolder:
          file.startsWith(`${source.slice(2)}/`) && !file.slice(source.length - 1).includes('/'),
      }).toEqual({
        file,
        inMountedFolder: true,
      });
      expect(isRulesFile(readFileSync(join(REPO_ROOT, file), 'utf8'))).toBe(true);
    }
  });
});

describe('deploy/docker/Dockerfile', () => {
  const text = readFileSync(join(REPO_ROOT, 'deploy/docker/Dockerfile'), 'utf8');
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1];

  test('is multi-stage, and its runtime stage runs as a numeric non-root user with a HEALTHCHECK on /health/ready', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(runtime);
    expect(user).not.toBeNull();
    expect(Number(user![1])).toBeGreaterThan(0);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
    expect(runtime).not.toMatch(/npm ci|npm install/);
  });

  test('builds every workspace without naming them (a new service needs no edit) and ships the entrypoint it runs', () => {
    expect(text).not.toMatch(/COPY services\/[a-z-]+\/package\.json/);
    expect(text).toMatch(/RUN npm run build/);
    const entry = /COPY (?:--\S+ )*(deploy\/docker\/entrypoint\.sh) /.exec(text);
    expect(entry).not.toBeNull();
    expect(existsSync(join(REPO_ROOT, entry![1]))).toBe(true);
    const ignore = readFileSync(join(REPO_ROOT, 'deploy/docker/Dockerfile.dockerignore'), 'utf8');
    expect(ignore).toMatch(/^\*\*\/node_modules$/m);
  });
});
