/**
 * Two fixes to kafkajs 2.2.4's producer hot path (kafkajs is unmaintained, so they cannot go upstream).
 * Loaded by kafkajs-event-bus.ts before kafkajs itself.
 *
 * 1. `groupMessagesPerPartition` builds each partition's list with `[...current, message]`: quadratic
 *    in the messages of one request (a 5 000-event batch over 3 partitions copies ~4 M array slots).
 *    `linearGroupMessagesPerPartition` gives the same groups, in the same order, in one pass. It is put
 *    in place of kafkajs' module in Node's module cache before kafkajs' producer loads it.
 * 2. The default partitioner hashes every message's key (murmur2) and filters the partition list per
 *    message. `cachingPartitioner` gives the same partition (kafkajs' own default partitioner is
 *    asked once per topic, key and partition count) from a bounded cache: salescast keys are SKUs, a few
 *    thousand at most.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

interface PartitionerArgs {
  topic: string;
  partitionMetadata: Array<{ partitionId: number; leader: number }>;
  message: { key?: Buffer | string | null; partition?: number | null };
}
type Partitioner = (args: PartitionerArgs) => number;

export function linearGroupMessagesPerPartition<M>({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: {
  topic: string;
  partitionMetadata: PartitionerArgs['partitionMetadata'];
  messages: M[];
  partitioner: Partitioner;
}): Record<number, M[]> {
  const result: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({
      topic,
      partitionMetadata,
      message: message as PartitionerArgs['message'],
    });
    (result[partition] ??= []).push(message);
  }
  return result;
}

const CACHE_LIMIT = 100_000;

/** A `createPartitioner` for kafkajs: its default partitioner, memoised per (topic, key, partitions). */
export function cachingPartitioner(): Partitioner {
  const { Partitioners } = require('kafkajs') as typeof import('kafkajs');
  const fallback = Partitioners.DefaultPartitioner() as unknown as Partitioner;
  const cache = new Map<string, number>();
  return (args) => {
    const { message, topic, partitionMetadata } = args;
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key === null || message.key === undefined) return fallback(args);
    const id = `${partitionMetadata.length}\u0000${topic}\u0000${message.key.toString()}`;
    let partition = cache.get(id);
    if (partition === undefined) {
      partition = fallback(args);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(id, partition);
    }
    return partition;
  };
}

/** True when kafkajs' producer will use the linear grouping (false if kafkajs loaded it before us). */
export const groupingPatched: boolean = (() => {
  try {
    const sendMessages = require.resolve('kafkajs/src/producer/sendMessages');
    const grouping = require.resolve('kafkajs/src/producer/groupMessagesPerPartition');
    if (require.cache[sendMessages]) return false;
    require(grouping);
    const entry = require.cache[grouping];
    if (!entry) return false; // not Node's module loader (e.g. a test runner's own registry)
    entry.exports = linearGroupMessagesPerPartition;
    return true;
  } catch {
    return false;
  }
})();
