import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Executor, jobFailure, ProgressListener } from './executor';
import { WorkerBoot, WorkerRequest, WorkerResponse } from './worker-main';

export interface WorkerPoolOptions {
  /**
   * Absolute path of the module whose export `exportName` is the job table (e.g. the engine's
   * `ENGINE_JOBS_MODULE`). Every thread loads it once.
   */
  jobsModule: string;
  /** Name of the job-table export (default 'jobs'). */
  exportName?: string;
  /** Number of threads (default os.availableParallelism()). */
  size?: number;
}

interface Task {
  /** The map() call the task belongs to. */
  batch: symbol;
  job: string;
  input: unknown;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

interface PoolThread {
  worker: Worker;
  task?: Task;
  /** The job table loaded: a failure before that is a broken setup, not a failing job. */
  ready: boolean;
}

/**
 * Bootstrap run as each thread's eval'd entry. From the compiled package it just requires
 * dist/executor/worker-main.js. From TypeScript sources (ts-jest, scripts run on src/), where no compiled
 * file exists, it first registers a require hook that transpiles .ts files with the TypeScript compiler
 * (transpile only, no type check: the build does that), so the threads run the very code under test.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.typescript) {
  const fs = require('node:fs');
  const ts = require(workerData.typescript);
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
    });
    module._compile(outputText, filename);
  };
}
require(workerData.entry);
`;

/**
 * Runs jobs on a pool of worker threads (node:worker_threads), one job per thread at a time, from a shared
 * queue, so that concurrent map() calls share the threads. Threads start on first use and stay up between
 * calls; an idle pool does not keep the process alive (threads are unref'd while idle), and close() ends them.
 * A thread that dies (out of memory, native crash) fails the job it was running and is replaced.
 */
export class WorkerPoolExecutor implements Executor {
  readonly size: number;
  private readonly threads: PoolThread[] = [];
  private readonly queue: Task[] = [];
  private closed = false;
  /** Set when a thread could not even load the job table: every later job would fail the same way. */
  private bootError?: Error;

  constructor(private readonly options: WorkerPoolOptions) {
    this.size = options.size ?? availableParallelism();
    if (!Number.isInteger(this.size) || this.size < 1)
      throw new Error(`worker pool size must be a positive integer, got ${options.size}`);
  }

  async map<I, O>(jobName: string, inputs: readonly I[], onProgress?: ProgressListener): Promise<O[]> {
    if (this.closed) throw new Error('worker pool is closed');
    if (this.bootError) throw this.bootError;
    let done = 0;
    const batch = Symbol(jobName);
    const outputs = inputs.map(
      (input, index) =>
        new Promise<O>((resolve, reject) => {
          this.queue.push({
            batch,
            job: jobName,
            input,
            resolve: (output) => {
              onProgress?.(++done, inputs.length);
              resolve(output as O);
            },
            reject: (error) => {
              this.dropQueued(batch);
              reject(jobFailure(jobName, index, error));
            },
          });
        }),
    );
    this.fill();
    return Promise.all(outputs);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.queue.splice(0);
    const threads = this.threads.splice(0);
    for (const task of [...pending, ...threads.flatMap((t) => (t.task ? [t.task] : []))])
      task.reject(new Error('worker pool closed'));
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** The map call of `batch` has failed: its jobs that have not started yet are not worth running. */
  private dropQueued(batch: symbol): void {
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i].batch === batch) this.queue.splice(i, 1);
  }

  /** Starts threads (up to the pool size) for queued work that idle threads cannot take, then dispatches. */
  private fill(): void {
    const idle = this.threads.filter((t) => !t.task).length;
    for (let extra = this.queue.length - idle; extra > 0 && this.threads.length < this.size; extra--)
      this.threads.push(this.spawn());
    for (const thread of this.threads) if (!thread.task) this.dispatch(thread);
  }

  private dispatch(thread: PoolThread): void {
    const task = this.queue.shift();
    thread.task = task;
    if (!task) {
      thread.worker.unref();
      return;
    }
    thread.worker.ref();
    thread.worker.postMessage({ job: task.job, input: task.input } satisfies WorkerRequest);
  }

  private spawn(): PoolThread {
    const fromSources = extname(__filename) === '.ts';
    const boot: WorkerBoot & { entry: string; typescript?: string } = {
      salescastJobWorker: true,
      jobsModule: this.options.jobsModule,
      exportName: this.options.exportName ?? 'jobs',
      entry: join(__dirname, `worker-main${extname(__filename)}`),
      typescript: fromSources ? require.resolve('typescript') : undefined,
    };
    const thread: PoolThread = {
      worker: new Worker(BOOTSTRAP, { eval: true, workerData: boot }),
      ready: false,
    };
    thread.worker.on('message', (response: WorkerResponse) => {
      if ('ready' in response) {
        thread.ready = true;
        return;
      }
      const task = thread.task;
      if (!task) return;
      if (response.ok) task.resolve(response.output);
      else
        task.reject(
          Object.assign(new Error(response.error.message), {
            name: response.error.name,
            stack: response.error.stack,
          }),
        );
      this.dispatch(thread);
    });
    const fail = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return;
      this.threads.splice(index, 1);
      if (!thread.ready)
        this.bootError = new Error(
          `worker pool: a thread could not load ${this.options.jobsModule}: ${error.message}`,
        );
      const lost = [...(thread.task ? [thread.task] : []), ...(this.bootError ? this.queue.splice(0) : [])];
      thread.task = undefined;
      for (const task of lost) task.reject(this.bootError ?? error);
      if (!this.closed && !this.bootError) this.fill();
    };
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`worker thread exited with code ${code}`)));
    return thread;
  }
}
