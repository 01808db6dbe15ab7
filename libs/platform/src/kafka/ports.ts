/**
 * The event-bus port. Services depend on these interfaces only; `kafkajs` lives behind them in
 * `kafkajs-event-bus.ts` (kafkajs is unmaintained since 2023, so a move to another client touches one file).
 */

export interface OutgoingEvent {
  topic: string;
  /** Partitioning key: the SKU for every salescast topic. */
  key: string;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface EventProducerPort {
  /** Resolves once the broker acknowledged every message (acks=all). */
  send(events: OutgoingEvent[]): Promise<void>;
}

export interface IncomingEvent<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: T;
  headers: Record<string, string>;
  /** Broker timestamp, ms since epoch. */
  timestamp: number;
}

/**
 * A message that can never succeed (bad payload, failed validation, unknown reference): it goes to
 * the dead-letter topic at once instead of being retried.
 */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly reason: 'decode' | 'validation' | 'handler' = 'handler',
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}

/** What a long-running handler may use while it works. */
export interface HandleContext {
  /**
   * Tells the group this consumer is alive (a handler that works longer than the session timeout,
   * e.g. a model fit, calls it now and then). Never throws: a failed heartbeat means the group is
   * rebalancing, and the batch, uncommitted, is redelivered to whoever gets its partition.
   */
  heartbeat(): Promise<void>;
}

export interface Subscription<T> {
  /** Consumer group; one group per (service, purpose). */
  groupId: string;
  topic: string;
  /** Decodes raw bytes (protobuf, or JSON when `content-type: application/json`). Throw = DLQ. */
  decode(raw: Buffer, headers: Record<string, string>): T;
  /** Returns a reason when the decoded message is invalid (→ DLQ), undefined when fine. */
  validate?(value: T): string | undefined;
  /**
   * Handles a batch of valid messages from ONE partition, in offset order, durably (one transaction).
   * The offsets are committed only after it resolves. A PermanentError for the batch makes the bus
   * retry message by message to isolate the poison message(s); other errors are retried with backoff
   * and, if they persist, the consumer restarts from the last committed offset (nothing is lost).
   */
  handle(events: IncomingEvent<T>[], context?: HandleContext): Promise<void>;
  /** Start from the earliest offset when the group has none (default true). */
  fromBeginning?: boolean;
  /** Attempts of a failing batch before isolating / restarting (default 3). */
  maxAttempts?: number;
}

export interface EventConsumerPort {
  subscribe<T>(subscription: Subscription<T>): Promise<void>;
}

export const EVENT_PRODUCER = Symbol('EVENT_PRODUCER');
export const EVENT_CONSUMER = Symbol('EVENT_CONSUMER');
