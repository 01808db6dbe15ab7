import { keyPartition } from '@salescast/platform/kafka/kafkajs-event-bus';
import { jobKey, JOB_PARTITIONS, splitBatches } from './run-batches';

describe('splitBatches', () => {
  it('keeps every SKU once, in order, in batches of at most the size', () => {
    const skus = Array.from({ length: 23 }, (_, i) => `S${i}`);
    const batches = splitBatches(skus, 5);
    expect(batches.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
    expect(batches.flat()).toEqual(skus);
  });
  it('gives no batch for no SKU', () => expect(splitBatches([], 4)).toEqual([]));
  it('rejects a batch size below 1', () => expect(() => splitBatches(['a'], 0)).toThrow(/batch size/));
});

describe('jobKey', () => {
  it('puts batch i on partition i mod the partition count (round-robin over replicas)', () => {
    const run = '3f2b9c1e-0000-4000-8000-000000000001';
    const parts = Array.from({ length: 48 }, (_, i) => keyPartition(jobKey(run, i), JOB_PARTITIONS));
    expect(parts).toEqual(Array.from({ length: 48 }, (_, i) => i % JOB_PARTITIONS));
  });
  it('starts with <run_id>/<index> (the documented key)', () => {
    expect(jobKey('r', 7)).toMatch(/^r\/7(~\d+)?$/);
  });
});
