import { spawn } from 'node:child_process';
import { parseEnvLines } from './env-lines';
import { INFRA_SCRIPT } from './local-infra';

/** A fault the local infrastructure can be put through (see infra.sh restart-kafka / restart-postgres). */
export type InfraFault = 'restart-kafka' | 'restart-postgres';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [INFRA_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * Whether KAFKA_BROKERS and DATABASE_URL of `env` are the processes of tools/infra/infra.sh (the only
 * ones this repository can restart); a broker from the environment or a container is not ours to restart.
 */
export async function restartableInfra(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const { code, stdout } = await run(['env']);
  if (code !== 0) return false;
  const local = parseEnvLines(stdout);
  const sameDb = (a?: string, b?: string) => !!a && !!b && new URL(a).host === new URL(b).host;
  return local.KAFKA_BROKERS === env.KAFKA_BROKERS && sameDb(local.DATABASE_URL, env.DATABASE_URL);
}

/** Restarts the local broker or PostgreSQL (same port, same data); resolves once it answers again. */
export async function injectFault(fault: InfraFault): Promise<void> {
  const { code, stderr } = await run([fault]);
  if (code !== 0) throw new Error(`${INFRA_SCRIPT} ${fault} exited with ${code}:\n${stderr}`);
}
