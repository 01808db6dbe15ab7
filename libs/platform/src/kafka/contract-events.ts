import {
  CONTENT_TYPE_HEADER,
  CONTENT_TYPES,
  createEnvelope,
  decodePayload,
  EnvelopeOptions,
  MessageCodec,
  Topic,
  topicContract,
  TopicMessage,
} from '@salescast/contracts';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { OutgoingEvent, Subscription } from './ports';
import { injectTraceContext } from '../tracing/tracing';

/**
 * One protobuf writer for every event this process encodes: `finish()` hands out a copy of the bytes
 * and rewinds it, so its buffer is allocated once instead of grown from empty for every event
 * (encoding is synchronous, so events never interleave). Same bytes as `encodePayload`.
 */
let writer = new BinaryWriter();

function encodeWithSharedWriter<T>(codec: MessageCodec<T>, message: T): Buffer {
  try {
    const bytes = codec.encode(message, writer).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (e) {
    writer = new BinaryWriter(); // a failed encode leaves it mid-message
    throw e;
  }
}

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
  const headers: Record<string, string> = { [CONTENT_TYPE_HEADER]: CONTENT_TYPES.protobuf };
  injectTraceContext(headers); // the work that caused the event (no-op when tracing is off)
  return {
    topic,
    key,
    value: encodeWithSharedWriter(codec as MessageCodec<TopicMessage<T>>, message),
    headers,
  };
}
