/**
 * Two fixes to kafkajs 2.2.4's producer hot path (kafkajs is unmaintained, so they cannot go upstream).
 * Loaded by kafkajs-event-bus.ts before kafkajs itself.
 *
 * 1. `groupMessagesPerPartition` builds each partition's list with `[...current, message]`: quadratic
 *    in the messages of one request (a 5 000-event batch over 3 partitions copies ~4 M array slots).
 *    `linearGroupMessagesPerPartition` gives the same groups, in the same order, in one pass. It is put
 *    in place of kafkajs' module in Node's module cache before kafkajs' producer loads it.
 * 2. Each record is encoded with a fresh zero-filled 512-byte `Encoder` (and one more per header),
 *    every varint through `Buffer.from([...])` and every varlong through `Long` arithmetic.
 *    `encodeRecord` writes the same bytes (kafkajs-patches.spec.ts compares them) into one buffer of
 *    the exact size. It replaces kafkajs' `recordBatch/record/v0` module the same way.
 * 3. The default partitioner hashes every message's key (murmur2) and filters the partition list per
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

type Bytes = Buffer | string | null | undefined;

export interface RecordArgs {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
}

const zigzag32 = (v: number) => ((v << 1) ^ (v >> 31)) >>> 0;
/** Zigzag of a safe integer as a (non-negative) number: exact below 2^52. */
const zigzag64 = (v: number) => (v >= 0 ? v * 2 : -v * 2 - 1);

function uvarintSize(u: number): number {
  let n = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 128);
    n++;
  }
  return n;
}

function writeUVarint(buf: Buffer, p: number, u: number): number {
  while (u >= 0x80) {
    buf[p++] = (u % 128) | 0x80;
    u = Math.floor(u / 128);
  }
  buf[p++] = u;
  return p;
}

const asBuffer = (v: Bytes): Buffer | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');

/** Size of a varint-length-prefixed byte string (null = length -1). */
const bytesSize = (b: Buffer | null) => (b === null ? 1 : uvarintSize(zigzag32(b.length)) + b.length);

function writeBytes(buf: Buffer, p: number, b: Buffer | null): number {
  if (b === null) return writeUVarint(buf, p, zigzag32(-1));
  p = writeUVarint(buf, p, zigzag32(b.length));
  b.copy(buf, p);
  return p + b.length;
}

/**
 * One record of a v2 record batch (kafkajs' `recordBatch/record/v0`), in one allocation. Returns what
 * kafkajs' record batch reads from an Encoder: `buf` and `buffer`.
 */
export function encodeRecord({ offsetDelta = 0, timestampDelta = 0, key, value, headers = {} }: RecordArgs): {
  buf: Buffer;
  buffer: Buffer;
} {
  const k = asBuffer(key);
  const v = asBuffer(value);
  const hs: Array<[Buffer, Buffer | null]> = [];
  for (const name of Object.keys(headers)) {
    const h = headers[name];
    const nameBytes = Buffer.from(name, 'utf8');
    if (Array.isArray(h)) for (const x of h) hs.push([nameBytes, asBuffer(x)]);
    else hs.push([nameBytes, asBuffer(h)]);
  }
  const ts = zigzag64(timestampDelta);
  const od = zigzag32(offsetDelta);
  let body =
    1 + uvarintSize(ts) + uvarintSize(od) + bytesSize(k) + bytesSize(v) + uvarintSize(zigzag32(hs.length));
  for (const [n, x] of hs) body += uvarintSize(zigzag32(n.length)) + n.length + bytesSize(x);
  const total = uvarintSize(zigzag32(body)) + body;
  const buf = Buffer.allocUnsafe(total);
  let p = writeUVarint(buf, 0, zigzag32(body));
  buf[p++] = 0; // attributes
  p = writeUVarint(buf, p, ts);
  p = writeUVarint(buf, p, od);
  p = writeBytes(buf, p, k);
  p = writeBytes(buf, p, v);
  p = writeUVarint(buf, p, zigzag32(hs.length));
  for (const [n, x] of hs) {
    p = writeBytes(buf, p, n);
    p = writeBytes(buf, p, x);
  }
  return { buf, buffer: buf };
}

/** kafkajs' record encoder where ours cannot stand in (a timestamp delta that is not a safe integer). */
let originalRecord: ((args: RecordArgs) => unknown) | undefined;
function patchedRecord(args: RecordArgs): unknown {
  const ts = args.timestampDelta ?? 0;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || Math.abs(ts) >= 2 ** 51)
    return (originalRecord as (a: RecordArgs) => unknown)(args);
  return encodeRecord(args);
}

/** Puts `replacement` in the module cache for kafkajs' `module`, unless `loadedBy` was loaded already. */
function replaceModule(module: string, loadedBy: string, replacement: (original: never) => unknown): boolean {
  try {
    if (require.cache[require.resolve(loadedBy)]) return false;
    const path = require.resolve(module);
    const original = require(path);
    const entry = require.cache[path];
    if (!entry) return false; // not Node's module loader (e.g. a test runner's own registry)
    entry.exports = replacement(original as never);
    return true;
  } catch {
    return false;
  }
}

/** Which patches are in force (false when kafkajs' producer was loaded before this module). */
export const patched = {
  grouping: replaceModule(
    'kafkajs/src/producer/groupMessagesPerPartition',
    'kafkajs/src/producer/sendMessages',
    () => linearGroupMessagesPerPartition,
  ),
  record: replaceModule(
    'kafkajs/src/protocol/recordBatch/record/v0',
    'kafkajs/src/protocol/requests/produce/v3/request',
    (original: (args: RecordArgs) => unknown) => {
      originalRecord = original;
      return patchedRecord;
    },
  ),
};
