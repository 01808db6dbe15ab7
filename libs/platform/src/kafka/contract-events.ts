import {
  CONTENT_TYPE_HEADER,
  CONTENT_TYPES,
  createEnvelope,
  decodePayload,
  encodePayload,
  EnvelopeOptions,
  MessageCodec,
  Topic,
  topicContract,
  TopicMessage,
} from '@salescast/contracts';
import { OutgoingEvent, Subscription } from './ports';

/**
 * A subscription to one salescast topic: decodes protobuf, or proto3 JSON when the producer set
 * `content-type: application/json` (how the ERP may publish), with the topic's own codec.
 */
export function topicSubscription<T extends Topic>(
  topic: T,
  opts: Omit<Subscription<TopicMessage<T>>, 'topic' | 'decode'>,
): Subscription<TopicMessage<T>> {
  const { codec } = topicContract(topic);
  return {
    ...opts,
    topic,
    decode: (raw, headers) =>
      decodePayload(codec as MessageCodec<TopicMessage<T>>, raw, headers[CONTENT_TYPE_HEADER]),
  };
}

/**
 * An outgoing event on `topic`, keyed by `key` (the SKU), with a fresh envelope (correlation carried
 * over from `options.cause`), encoded as binary protobuf.
 */
export function contractEvent<T extends Topic>(
  topic: T,
  key: string,
  payload: Omit<TopicMessage<T>, 'envelope'>,
  options: EnvelopeOptions = {},
): OutgoingEvent {
  const { codec } = topicContract(topic);
  const message = { ...payload, envelope: createEnvelope(topic, key, options) } as TopicMessage<T>;
  return {
    topic,
    key,
    value: encodePayload(codec as MessageCodec<TopicMessage<T>>, message),
    headers: { [CONTENT_TYPE_HEADER]: CONTENT_TYPES.protobuf },
  };
}
