export * from './roll-forward';
export * from './buckets';
