/**
 * How many independent jobs (one per series) are run: in this thread, on worker threads, or — in the training
 * service — by Kafka consumer groups. Model and ensemble code never sees which; it only provides named jobs
 * (a job table), so scaling out never touches it (statsforecast's ParallelBackend / FugueBackend split).
 *
 * Jobs are named, not passed as closures, because a closure cannot cross a thread or process boundary: a worker
 * loads the same job table module and looks the name up. Inputs and outputs must be structured-cloneable
 * (plain data: no functions, no class instances).
 */
export type Job = (input: never) => unknown;
export type JobTable = Readonly<Record<string, Job>>;
export type ProgressListener = (done: number, total: number) => void;

export interface Executor {
  /**
   * Runs `jobName` on every input and resolves with the outputs in input order. Rejects on the first input
   * whose job throws, with an error naming the job and the input's index.
   */
  map<I, O>(jobName: string, inputs: readonly I[], onProgress?: ProgressListener): Promise<O[]>;
  /** Releases threads/connections. The executor must not be used afterwards. Safe to call twice. */
  close(): Promise<void>;
}

export function lookupJob(table: JobTable, jobName: string): (input: unknown) => unknown {
  const job = table[jobName];
  if (typeof job !== 'function')
    throw new Error(`unknown job '${jobName}' (known: ${Object.keys(table).join(', ') || 'none'})`);
  return job as (input: unknown) => unknown;
}

export function jobFailure(jobName: string, index: number, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new Error(`job '${jobName}' failed on input ${index}: ${message}`, { cause });
}

/** Runs every job in the calling thread, one after the other: tests, small panels, debugging. */
export class InlineExecutor implements Executor {
  constructor(private readonly jobs: JobTable) {}

  async map<I, O>(jobName: string, inputs: readonly I[], onProgress?: ProgressListener): Promise<O[]> {
    const job = lookupJob(this.jobs, jobName);
    const outputs: O[] = [];
    for (let i = 0; i < inputs.length; i++) {
      try {
        outputs.push((await job(inputs[i])) as O);
      } catch (e) {
        throw jobFailure(jobName, i, e);
      }
      onProgress?.(i + 1, inputs.length);
      // Let timers and I/O (progress bars, signals, health checks) run between series.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return outputs;
  }

  async close(): Promise<void> {}
}
