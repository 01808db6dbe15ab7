import { parentPort, workerData } from 'node:worker_threads';
import { JobTable, lookupJob } from './executor';

/**
 * Entry point of a WorkerPoolExecutor thread: loads the job table module named in workerData, says
 * { ready: true }, then answers each { job, input } message with { ok, output } or { ok: false, error }.
 * A thread runs one job at a time, so responses need no id.
 */
export interface WorkerRequest {
  job: string;
  input: unknown;
}

export type WorkerResponse =
  | { ready: true }
  | { ok: true; output: unknown }
  | { ok: false; error: { name: string; message: string; stack?: string } };

export interface WorkerBoot {
  /** Marks a pool thread, so that importing this module anywhere else does nothing. */
  salescastJobWorker: true;
  jobsModule: string;
  exportName: string;
}

function start(port: NonNullable<typeof parentPort>, boot: WorkerBoot): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const table = require(boot.jobsModule)[boot.exportName] as JobTable | undefined;
  if (!table) throw new Error(`${boot.jobsModule} has no export '${boot.exportName}' (the job table)`);
  port.postMessage({ ready: true } satisfies WorkerResponse);
  port.on('message', (request: WorkerRequest) => {
    Promise.resolve()
      .then(() => lookupJob(table, request.job)(request.input))
      .then(
        (output) => port.postMessage({ ok: true, output } satisfies WorkerResponse),
        (e: unknown) => {
          const error = e instanceof Error ? e : new Error(String(e));
          port.postMessage({
            ok: false,
            error: { name: error.name, message: error.message, stack: error.stack },
          } satisfies WorkerResponse);
        },
      );
  });
}

if (parentPort && (workerData as Partial<WorkerBoot> | undefined)?.salescastJobWorker === true)
  start(parentPort, workerData as WorkerBoot);
