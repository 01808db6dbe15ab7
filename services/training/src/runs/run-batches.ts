import { keyPartition } from '@salescast/platform/kafka/kafkajs-event-bus';

/**
 * Partitions of `training.jobs.v1`. The batches of a run are spread round-robin over them (see
 * `jobKey`), and a consumer group divides partitions among replicas: 12 divides evenly among 1, 2, 3,
 * 4, 6 or 12 replicas, so each gets the same share of the work.
 */
export const JOB_PARTITIONS = 12;

/** Splits `skus` into batches of at most `size`, in order. Pure. */
export function splitBatches(skus: readonly string[], size: number): string[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`batch size must be a whole number >= 1, got ${size}`);
  const out: string[][] = [];
  for (let i = 0; i < skus.length; i += size) out.push(skus.slice(i, i + size));
  return out;
}

/**
 * The Kafka key of batch `index` of `runId`: `<run_id>/<index>`, with a `~n` suffix when needed so
 * that the key lands on partition `index mod partitions` — batches go round-robin over the partitions
 * instead of wherever the hash throws them, which would leave one replica with more than its share.
 */
export function jobKey(runId: string, index: number, partitions = JOB_PARTITIONS): string {
  const want = index % partitions;
  const base = `${runId}/${index}`;
  if (keyPartition(base, partitions) === want) return base;
  for (let n = 1; n < 10_000; n++) {
    const key = `${base}~${n}`;
    if (keyPartition(key, partitions) === want) return key;
  }
  return base; // unreachable in practice (each try hits with probability 1/partitions)
}
