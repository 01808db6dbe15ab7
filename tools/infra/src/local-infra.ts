import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseEnvLines } from './env-lines';

/** tools/infra/infra.sh, found from src/ (ts-jest) and dist/ (compiled) alike. */
export const INFRA_SCRIPT = path.resolve(__dirname, '..', 'infra.sh');

export interface LocalInfra {
  kafkaBrokers: string;
  databaseUrl: string;
  /** True when this call started the processes; false when an earlier `infra:up` had. */
  startedHere: boolean;
}

interface ScriptResult {
  code: number;
  stdout: string;
}

/** Runs infra.sh; its progress (stderr) goes to ours so that a slow start is visible. */
function runScript(command: 'up' | 'down' | 'env' | 'status'): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [INFRA_SCRIPT, command], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error) =>
      reject(new Error(`could not run ${INFRA_SCRIPT} ${command}: ${error.message}`)),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function runScriptOrFail(command: 'up' | 'down' | 'env'): Promise<string> {
  const { code, stdout } = await runScript(command);
  if (code !== 0) {
    throw new Error(
      `${INFRA_SCRIPT} ${command} exited with ${code}; logs are in .infra/logs/ at the repository root`,
    );
  }
  return stdout;
}

/** Whether Kafka and PostgreSQL started by infra.sh are both running now. */
export async function localInfraRunning(): Promise<boolean> {
  return (await runScript('status')).code === 0;
}

/**
 * Starts the local Kafka and PostgreSQL (reusing them when already up) and returns their addresses.
 * The first start of a machine downloads the Kafka jars with Maven (about a minute).
 */
export async function startLocalInfra(): Promise<LocalInfra> {
  const startedHere = !(await localInfraRunning());
  if (startedHere) await runScriptOrFail('up');
  const env = parseEnvLines(await runScriptOrFail('env'));
  const kafkaBrokers = env.KAFKA_BROKERS;
  const databaseUrl = env.DATABASE_URL;
  if (!kafkaBrokers || !databaseUrl) {
    throw new Error(`${INFRA_SCRIPT} env printed no KAFKA_BROKERS or DATABASE_URL`);
  }
  return { kafkaBrokers, databaseUrl, startedHere };
}

/** Stops the local Kafka and PostgreSQL by the PIDs infra.sh recorded. */
export async function stopLocalInfra(): Promise<void> {
  await runScriptOrFail('down');
}
