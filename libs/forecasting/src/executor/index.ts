export { InlineExecutor } from './executor';
export type { Executor, Job, JobTable, ProgressListener } from './executor';
export { WorkerPoolExecutor } from './worker-pool';
export type { WorkerPoolOptions } from './worker-pool';
