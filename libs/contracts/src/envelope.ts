import { randomUUID } from 'node:crypto';
import type { Envelope } from './gen/salescast/events/v1/envelope';
import { TOPICS, type Topic } from './topics';

/** Schema version within a topic's major version that this code writes. */
export const CURRENT_SCHEMA_VERSION = 1;

export interface EnvelopeOptions {
  /** When the fact happened; default now. */
  occurredAt?: Date;
  /** The event that caused this one; its correlation carries over and it becomes the causation. */
  cause?: Envelope;
}

/**
 * A new envelope for an event published on `topic` about `aggregateId` (the Kafka key).
 * Without a cause, the event starts its own correlation chain (correlation_id = event_id).
 */
export function createEnvelope(topic: Topic, aggregateId: string, options: EnvelopeOptions = {}): Envelope {
  const eventId = randomUUID();
  const { cause } = options;
  return {
    eventId,
    type: TOPICS[topic].type,
    occurredAt: options.occurredAt ?? new Date(),
    aggregateId,
    correlationId: cause ? cause.correlationId || cause.eventId : eventId,
    causationId: cause?.eventId ?? '',
    schemaVersion: CURRENT_SCHEMA_VERSION,
  };
}
