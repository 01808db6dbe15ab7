export * from './backfill';
export * from './publish';
export type { LoadProgress } from './load-file';
export * from './rate-bar';
