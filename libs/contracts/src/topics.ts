import * as events from './gen/index.salescast.events.v1';
import type { MessageCodec } from './codec';

/** Protobuf package of every event message; a topic's `type` is `<package>.<Message>`. */
export const EVENTS_PACKAGE = 'salescast.events.v1';

/** What a topic carries: the codec of its one message type and that type's full name. */
export interface TopicContract<T> {
  /** Fully-qualified protobuf message name, as written in `Envelope.type`. */
  readonly type: string;
  /** ts-proto codec of the message (binary and proto3-JSON). */
  readonly codec: MessageCodec<T>;
}

function contract<T>(messageName: string, codec: MessageCodec<T>): TopicContract<T> {
  return { type: `${EVENTS_PACKAGE}.${messageName}`, codec };
}

/**
 * Every Kafka topic of salescast and the message it carries. One message type per topic, one
 * writer per topic; names are `<domain>.<event>.v<major>` and a breaking change is a new major
 * topic (see docs/contracts.md).
 */
export const TOPICS = {
  'erp.sales-lines.v1': contract('SalesLineRecorded', events.SalesLineRecorded),
  'erp.returns.v1': contract('ReturnRecorded', events.ReturnRecorded),
  'erp.skus.v1': contract('SkuUpserted', events.SkuUpserted),
  'erp.supply-terms.v1': contract('SupplyTermsUpserted', events.SupplyTermsUpserted),
  'erp.business-events.v1': contract('BusinessEventDeclared', events.BusinessEventDeclared),
  'erp.inventory.v1': contract('InventoryReported', events.InventoryReported),
  'sales.daily.v1': contract('DailySalesUpdated', events.DailySalesUpdated),
  'training.requests.v1': contract('TrainingRequested', events.TrainingRequested),
  'training.jobs.v1': contract('TrainingJobRequested', events.TrainingJobRequested),
  'models.promoted.v1': contract('ModelPromoted', events.ModelPromoted),
  'forecasts.published.v1': contract('ForecastPublished', events.ForecastPublished),
  'monitoring.alerts.v1': contract('AlertRaised', events.AlertRaised),
  'reorder.proposed.v1': contract('ReorderProposed', events.ReorderProposed),
} as const;

/** A salescast topic name. */
export type Topic = keyof typeof TOPICS;

/** The message type carried by topic `T`, e.g. `TopicMessage<'erp.sales-lines.v1'>`. */
export type TopicMessage<T extends Topic> = (typeof TOPICS)[T] extends TopicContract<infer M> ? M : never;

/** Every topic name, in declaration order (for topic creation and subscriptions). */
export const TOPIC_NAMES = Object.keys(TOPICS) as Topic[];

/** Suffix of a dead-letter topic. */
export const DLQ_SUFFIX = '.dlq';

/** The dead-letter topic of `topic`: `<topic>.dlq`. */
export function dlqTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

/**
 * Headers a message carries when it is moved to a dead-letter topic. The value is the
 * original message, unchanged, with its original key and headers.
 */
export const DLQ_HEADERS = {
  /** Why the message was rejected (decode error, validation failure), for people. */
  error: 'x-error',
  /** Topic the message was consumed from. */
  sourceTopic: 'x-source-topic',
  /** Partition it was consumed from (decimal string). */
  sourcePartition: 'x-source-partition',
  /** Offset it had there (decimal string). */
  sourceOffset: 'x-source-offset',
} as const;

/** The contract of `topic`; throws for a name that is not a salescast topic. */
export function topicContract<T extends Topic>(topic: T): (typeof TOPICS)[T];
export function topicContract(topic: string): TopicContract<unknown>;
export function topicContract(topic: string): TopicContract<unknown> {
  if (!Object.hasOwn(TOPICS, topic)) {
    throw new Error(`Unknown topic "${topic}"; known topics: ${TOPIC_NAMES.join(', ')}`);
  }
  return TOPICS[topic as Topic] as TopicContract<unknown>;
}
