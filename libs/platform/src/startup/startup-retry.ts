import type { Logger } from 'pino';

/**
 * Errors worth waiting out at start-up: the broker or the database is not up yet, is restarting,
 * or a topic was just created and its metadata has not reached every broker ("This server does not
 * host this topic-partition"). Anything else (a bad SQL migration, a refused password, a bug) fails
 * at once, so a real mistake is not hidden behind a minute of retries.
 */
const TRANSIENT_KAFKA_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSRequestTimeoutError',
  'KafkaJSLockTimeout',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSStaleTopicMetadataAssignment',
]);
const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

interface ErrorLike {
  name?: string;
  code?: unknown;
  retriable?: boolean;
  type?: string;
  message?: string;
  cause?: unknown;
  originalError?: unknown;
}

export function isTransientStartupError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as ErrorLike;
  if (e.retriable === true) return true;
  if (e.name && TRANSIENT_KAFKA_ERRORS.has(e.name)) return true;
  if (typeof e.code === 'string') {
    if (TRANSIENT_SOCKET_CODES.has(e.code)) return true;
    // PostgreSQL SQLSTATE: 08xxx connection exceptions, 57P0x shutting down / starting up,
    // 53300 too many connections.
    if (/^08...$/.test(e.code) || /^57P0[1-4]$/.test(e.code) || e.code === '53300') return true;
  }
  // pg, when the server closes the socket while it shuts down or restarts
  if (typeof e.message === 'string' && /Connection terminated|the database system is (starting|shutting) up/.test(e.message))
    return true;
  if (error instanceof AggregateError && error.errors.some((x) => isTransientStartupError(x, depth + 1))) return true;
  return isTransientStartupError(e.cause, depth + 1) || isTransientStartupError(e.originalError, depth + 1);
}

export interface StartupRetryOptions {
  logger: Logger;
  /** Total time to keep trying, from the first attempt. */
  budgetMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Which errors are worth waiting out (default: isTransientStartupError). */
  isTransient?: (error: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Thrown when a start-up step still fails after its budget: says what was waited for, how long, and why. */
export class StartupTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(
      `gave up waiting for ${what} after ${(waitedMs / 1000).toFixed(0)} s (${attempts} attempts): ` +
        `${(lastError as Error)?.message ?? String(lastError)}`,
    );
    this.name = 'StartupTimeoutError';
  }
}

/**
 * Runs a start-up step (`what`, e.g. "the database", "Kafka topic metadata"), waiting out transient
 * failures with exponential backoff within a bounded budget, logging each wait once with what it
 * waits for. A non-transient error is rethrown at once.
 */
export async function waitForStartup<T>(what: string, step: () => Promise<T>, opts: StartupRetryOptions): Promise<T> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const transient = opts.isTransient ?? isTransientStartupError;
  const started = now();
  let delay = opts.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await step();
      if (attempt > 1) opts.logger.info({ what, attempts: attempt, waitedMs: now() - started }, `${what} ready`);
      return result;
    } catch (e) {
      if (!transient(e)) throw e;
      const waited = now() - started;
      if (waited + delay > opts.budgetMs) throw new StartupTimeoutError(what, waited, attempt, e);
      opts.logger.warn(
        { what, attempt, retryInMs: delay, budgetMs: opts.budgetMs, error: (e as Error)?.message ?? String(e) },
        `waiting for ${what}`,
      );
      await sleep(delay);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5000);
    }
  }
}
