import type { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';

/**
 * The part of the functions ts-proto generates for each message that transports need
 * (ts-proto's own `MessageFns` interface is not exported).
 */
export interface MessageCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: BinaryReader | Uint8Array, length?: number): T;
  fromJSON(object: unknown): T;
  toJSON(message: T): unknown;
}

/** Kafka header naming the payload encoding. Absent = protobuf. */
export const CONTENT_TYPE_HEADER = 'content-type';

/** Payload encodings salescast accepts on its topics. */
export const CONTENT_TYPES = {
  /** Binary protobuf: what salescast itself publishes, and the default. */
  protobuf: 'application/x-protobuf',
  /** Canonical proto3 JSON (camelCase or original field names; timestamps as RFC 3339 strings). */
  json: 'application/json',
} as const;

/** True when a content-type header value (parameters such as `; charset=utf-8` allowed) means JSON. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === CONTENT_TYPES.json;
}

/**
 * Decodes a Kafka message value by its content-type: proto3 JSON for `application/json`, binary
 * protobuf otherwise. Throws (a SyntaxError for bad JSON, a RangeError for bad protobuf) so
 * the caller can dead-letter the message with the reason.
 */
export function decodePayload<T>(codec: MessageCodec<T>, value: Uint8Array, contentType?: string): T {
  if (isJsonContentType(contentType)) {
    return codec.fromJSON(
      JSON.parse(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8')),
    );
  }
  return codec.decode(value);
}

/** Encodes a message as binary protobuf, as a Buffer ready for a Kafka producer. */
export function encodePayload<T>(codec: MessageCodec<T>, message: T): Buffer {
  const bytes = codec.encode(message).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
