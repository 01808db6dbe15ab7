import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FILE_NAMES, RECORD_KINDS, RecordKind, Reject, RejectLog } from '@salescast/datagen';
import { KafkajsEventBus, keyPartition } from '@salescast/platform/kafka/kafkajs-event-bus';
import type { OutgoingEvent } from '@salescast/platform/kafka/ports';
import { createLogger } from '@salescast/platform/logging/logger';
import { Metrics } from '@salescast/platform/metrics/metrics';
import { ERP_TOPICS, keyOf, toErpEvent } from './erp-events';
import { lineRecords } from './line-records';

export interface PublishOptions {
  brokers: string[];
  dataDir: string;
  /** Record kinds to publish (default: every kind whose file exists), in the data set's read order. */
  kinds?: readonly RecordKind[];
  /** Events per second over all kinds; unlimited when undefined. */
  rate?: number;
  /** Events per producer request (default 5 000). */
  batchSize?: number;
  /** Requests awaiting the broker's acknowledgement at once (default 4). */
  inFlight?: number;
  /** Stop after this many events per kind (e.g. a slice of a large file for a test). */
  limit?: number;
  /**
   * Publishing threads (default 1). Each has its own idempotent producer and publishes the events of
   * its share of the partitions (partition % workers), read from the same files, so every partition —
   * hence every key — still has one producer sending in file order.
   */
  workers?: number;
  /** Partitions of topics this creates when missing (default 3, like the services). */
  partitions?: number;
  /** Where rejected rows are written; default: only counted. */
  rejectsPath?: string;
  onProgress?: (p: { kind: RecordKind; events: number }) => void;
  signal?: AbortSignal;
}

export interface PublishSummary {
  /** Events acknowledged by the broker, per kind. */
  published: Partial<Record<RecordKind, number>>;
  rejects: RejectLog;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Delay before the next batch so that `sent` events took at least `sent / rate` seconds. */
export function paceDelayMs(sent: number, rate: number | undefined, elapsedMs: number): number {
  if (!rate) return 0;
  return Math.max(0, (sent / rate) * 1000 - elapsedMs);
}

/**
 * Bounded concurrency for producer requests: `submit` waits while `limit` requests are pending, so
 * reading and encoding overlap with the broker's acknowledgements while memory stays bounded. The
 * first failure is rethrown by the next `submit` or by `drain`.
 */
export class InFlight {
  private readonly pending = new Set<Promise<void>>();
  private failure?: unknown;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`in-flight limit must be a whole number >= 1, got ${limit}`);
  }

  async submit(work: () => Promise<void>): Promise<void> {
    while (this.pending.size >= this.limit) await Promise.race(this.pending);
    if (this.failure) throw this.failure;
    const p: Promise<void> = work()
      .catch((e) => {
        this.failure ??= e;
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.pending);
    if (this.failure) throw this.failure;
  }
}

/** The kinds to publish: those asked for (every one must have its file) or those whose file exists. */
export function kindsToPublish(dataDir: string, asked?: readonly RecordKind[]): RecordKind[] {
  if (asked) {
    const missing = asked.filter((k) => !existsSync(join(dataDir, FILE_NAMES[k])));
    if (missing.length) throw new Error(`${dataDir} has no ${missing.map((k) => FILE_NAMES[k]).join(', ')}`);
    return RECORD_KINDS.filter((k) => asked.includes(k));
  }
  return RECORD_KINDS.filter((k) => existsSync(join(dataDir, FILE_NAMES[k])));
}

/** Which share of the partitions a publishing thread sends: those with `partition % of === index`. */
export interface PublishPart {
  index: number;
  of: number;
}

/** The compiled worker script (tests run the TypeScript sources, whose build is in ../dist). */
const WORKER_SCRIPT = __filename.endsWith('.ts')
  ? join(__dirname, '..', 'dist', 'publish-worker.js')
  : join(__dirname, 'publish-worker.js');

/**
 * `salescast publish`: replays a data set's files as the `erp.*` events the ERP would send (see
 * erp-events.ts), in batches with several requests in flight, optionally at a fixed rate — to test
 * the live path at volume. Invalid rows are not published; they are counted (and written when
 * `rejectsPath` is given). At-least-once: a re-run publishes again; the consumers are idempotent.
 *
 * With `workers` > 1 the work is split by partition over worker threads (see PublishOptions.workers):
 * kafkajs' idempotent producer sends one request at a time per broker and encodes on the thread that
 * calls it, so one producer is bound to one core.
 */
export async function publish(options: PublishOptions): Promise<PublishSummary> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`workers must be a whole number >= 1, got ${workers}`);
  const rejects = new RejectLog(options.rejectsPath);
  const started = Date.now();
  try {
    if (workers === 1) {
      const published = await publishPart(options, { index: 0, of: 1 }, (r) => rejects.add(r));
      return { published, rejects, seconds: (Date.now() - started) / 1000 };
    }
    const { onProgress, signal, ...plain } = options;
    const published: Partial<Record<RecordKind, number>> = {};
    const threads = Array.from({ length: workers }, (_, index) => ({
      worker: new Worker(WORKER_SCRIPT, { workerData: { options: plain, part: { index, of: workers } } }),
      published: {} as Partial<Record<RecordKind, number>>,
    }));
    const abort = () => threads.forEach((t) => t.worker.postMessage('abort'));
    signal?.addEventListener('abort', abort, { once: true });
    try {
      await Promise.all(
        threads.map(
          (t) =>
            new Promise<void>((done, fail) => {
              t.worker.on('message', (m: WorkerMessage) => {
                if (m.reject) rejects.add(m.reject);
                if (m.progress) {
                  t.published[m.progress.kind] = m.progress.events;
                  const kind = m.progress.kind;
                  const events = threads.reduce((n, x) => n + (x.published[kind] ?? 0), 0);
                  onProgress?.({ kind, events });
                }
                if (m.done) {
                  for (const [k, n] of Object.entries(m.done) as Array<[RecordKind, number]>)
                    published[k] = (published[k] ?? 0) + n;
                  done();
                }
              });
              t.worker.once('error', fail);
              t.worker.once('exit', (code) =>
                code === 0
                  ? done()
                  : fail(new Error(`publish worker ${t.worker.threadId} exited with ${code}`)),
              );
            }),
        ),
      );
    } catch (e) {
      await Promise.all(threads.map((t) => t.worker.terminate()));
      throw e;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    return { published, rejects, seconds: (Date.now() - started) / 1000 };
  } finally {
    await rejects.close();
  }
}

/** What a publishing thread tells the main thread. */
export interface WorkerMessage {
  reject?: Reject;
  progress?: { kind: RecordKind; events: number };
  done?: Partial<Record<RecordKind, number>>;
}

/**
 * One publishing thread's share: every valid row of the files is read (so `limit` counts the same rows
 * in every thread), and the events whose key falls on one of the part's partitions are published.
 * Part 0 alone passes rejects to `onReject`, so that each is reported once however many threads read it.
 */
export async function publishPart(
  options: PublishOptions,
  part: PublishPart,
  onReject: (r: Reject) => void,
): Promise<Partial<Record<RecordKind, number>>> {
  const dataDir = resolve(options.dataDir);
  const kinds = kindsToPublish(dataDir, options.kinds);
  const logger = createLogger('salescast-publish', 'error');
  const bus = new KafkajsEventBus({
    brokers: options.brokers,
    clientId: `salescast-publish-${part.index}`,
    logger,
    metrics: new Metrics('salescast-publish'),
    partitions: options.partitions,
  });
  const batchSize = options.batchSize ?? 5000;
  const inFlight = new InFlight(options.inFlight ?? 4);
  const rate = options.rate ? options.rate / part.of : undefined;
  const published: Partial<Record<RecordKind, number>> = {};
  const started = Date.now();
  let total = 0;
  try {
    await bus.ensureTopics(kinds.map((k) => ERP_TOPICS[k]));
    for (const kind of kinds) {
      const partitions = part.of > 1 ? await bus.partitionCount(ERP_TOPICS[kind]) : 1;
      let count = 0;
      let batch: OutgoingEvent[] = [];
      const flush = async () => {
        const events = batch;
        batch = [];
        total += events.length;
        await sleep(paceDelayMs(total, rate, Date.now() - started));
        await inFlight.submit(async () => {
          await bus.send(events);
          published[kind] = (published[kind] ?? 0) + events.length;
          options.onProgress?.({ kind, events: published[kind] ?? 0 });
        });
      };
      for await (const row of lineRecords(kind, join(dataDir, FILE_NAMES[kind]), {
        file: FILE_NAMES[kind],
      })) {
        if (!row.ok) {
          // Every thread reads every row; one of them reports the rejects, so each is reported once.
          if (part.index === 0) onReject(row.reject);
          continue;
        }
        count++;
        if (part.of > 1 && keyPartition(keyOf(kind, row.record), partitions) % part.of !== part.index) {
          if (count === options.limit || options.signal?.aborted) break;
          continue;
        }
        batch.push(toErpEvent(kind, row.record));
        if (batch.length >= batchSize) await flush();
        if (count === options.limit || options.signal?.aborted) break;
      }
      if (batch.length) await flush();
      if (options.signal?.aborted) break;
    }
    await inFlight.drain();
  } finally {
    await bus.close();
  }
  return published;
}
