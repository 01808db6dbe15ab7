import { loadSync } from '@grpc/proto-loader';
import {
  API_PROTO_FILES,
  businessEventProblem,
  CONTENT_TYPE_HEADER,
  CONTENT_TYPES,
  createEnvelope,
  decodePayload,
  encodePayload,
  MessageCodec,
  PROTO_ROOT,
  returnProblem,
  skuProblem,
  supplyTermsProblem,
  Topic,
  topicContract,
} from '@salescast/contracts';
import fc from 'fast-check';
import { salesLineProblem } from '../../services/ingestion/src/sales-lines/sales-line.rules';

/** The ERP's doors and the rule each one applies after decoding (the same functions the consumers use). */
export const ERP_TOPICS: Record<string, (m: never) => string | undefined> = {
  'erp.sales-lines.v1': salesLineProblem,
  'erp.returns.v1': returnProblem,
  'erp.skus.v1': skuProblem,
  'erp.supply-terms.v1': supplyTermsProblem,
  'erp.business-events.v1': businessEventProblem,
};

export interface FuzzMessage {
  value: Buffer;
  headers: Record<string, string>;
  /** What made it: for a failure message. */
  kind: string;
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '2024-02-30',
    '9999-99-99',
    "'; DROP TABLE skus; --",
    'x'.repeat(3000),
  ),
);

/** A JSON value for `content-type: application/json`: anything, or a message-shaped object with hostile fields. */
const jsonPayload = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        orderId: hostileString,
        order_id: hostileString,
        lineNo: fc.oneof(fc.integer(), fc.double(), hostileString),
        sku: hostileString,
        quantity: fc.oneof(fc.integer(), fc.double(), hostileString),
        unitPrice: fc.oneof(fc.double(), hostileString),
        orderedAt: fc.oneof(hostileString, fc.constant('2024-01-01T00:00:00Z')),
        returnId: hostileString,
        returnedAt: hostileString,
        name: hostileString,
        category: hostileString,
        supplier: hostileString,
        moq: fc.oneof(fc.integer(), hostileString),
        leadTimeDays: fc.oneof(fc.integer(), hostileString),
        kind: fc.oneof(fc.integer({ min: -3, max: 9 }), hostileString),
        startsOn: hostileString,
        scope: hostileString,
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
  fc.string().map((s) => `{"sku": ${s}`), // truncated JSON
);

/** Bytes for a protobuf door: random bytes, or a valid message of the topic with bytes flipped or cut. */
function protobufPayload(topic: Topic) {
  const codec = topicContract(topic).codec as MessageCodec<object>;
  const valid = encodePayload(codec, {
    ...(codec.fromJSON({}) as object),
    envelope: createEnvelope(topic, 'FUZZ'),
  } as object);
  return fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat()).map(([at, byte, cut]) => {
      const b = Buffer.from(valid);
      if (b.length) b[at % b.length] = byte;
      return b.subarray(0, Math.max(0, b.length - (cut % 4)));
    }),
  );
}

/**
 * Fuzzed messages for `topic` that the door must refuse: each fails to decode, fails the topic's rule,
 * or carries a string PostgreSQL cannot store (NUL). Messages that happen to be valid are left out (a
 * valid message is stored, not dead-lettered).
 */
export function fuzzMessages(topic: Topic, count: number, seed: number): FuzzMessage[] {
  const codec = topicContract(topic).codec as MessageCodec<object>;
  const rule = ERP_TOPICS[topic];
  const arb = fc.oneof(
    protobufPayload(topic).map((value): FuzzMessage => ({ value, headers: {}, kind: 'protobuf' })),
    jsonPayload.map((s): FuzzMessage => ({
      value: Buffer.from(s),
      headers: { [CONTENT_TYPE_HEADER]: CONTENT_TYPES.json },
      kind: 'json',
    })),
  );
  const out: FuzzMessage[] = [];
  for (const m of fc.sample(arb, { numRuns: count * 20, seed })) {
    if (out.length >= count) break;
    let refused = false;
    try {
      const decoded = decodePayload(codec, m.value, m.headers[CONTENT_TYPE_HEADER]);
      refused = rule(decoded as never) !== undefined || JSON.stringify(decoded).includes('\\u0000');
    } catch {
      refused = true;
    }
    if (refused) out.push(m);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// gRPC

interface FieldDescriptor {
  name: string;
  jsonName?: string;
  type: string;
  label: string;
  typeName?: string;
}
interface MessageDescriptor {
  type: { field: FieldDescriptor[] };
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every RPC of the API protos: service, method (as the ts-proto client names it), request arbitrary. */
export function apiMethods(): Array<{
  service: string;
  method: string;
  request: fc.Arbitrary<Record<string, unknown>>;
}> {
  const pkg = loadSync([...API_PROTO_FILES], { includeDirs: [PROTO_ROOT] }) as unknown as Record<
    string,
    Record<string, { requestType: MessageDescriptor; requestStream: boolean; responseStream: boolean }> & {
      type?: unknown;
    }
  >;
  const messageArb = (d: MessageDescriptor, depth: number): fc.Arbitrary<Record<string, unknown>> => {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of d.type.field) {
      let a: fc.Arbitrary<unknown>;
      switch (f.type) {
        case 'TYPE_STRING':
          a = hostileString;
          break;
        case 'TYPE_BOOL':
          a = fc.boolean();
          break;
        case 'TYPE_DOUBLE':
        case 'TYPE_FLOAT':
          a = fc.double();
          break;
        case 'TYPE_ENUM':
          a = fc.integer({ min: -2, max: 12 });
          break;
        case 'TYPE_UINT32':
        case 'TYPE_UINT64':
        case 'TYPE_FIXED32':
          a = fc.oneof(fc.nat(), fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1));
          break;
        case 'TYPE_MESSAGE': {
          const name = (f.typeName ?? '').replace(/^\./, '');
          if (name === 'google.protobuf.Timestamp') a = fc.date({ noInvalidDate: true });
          else if (depth < 2 && pkg[name])
            a = messageArb(pkg[name] as unknown as MessageDescriptor, depth + 1);
          else a = fc.constant(undefined);
          break;
        }
        default:
          a = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)));
      }
      fields[camel(f.name)] = f.label === 'LABEL_REPEATED' ? fc.array(a, { maxLength: 4 }) : a;
    }
    return fc.record(fields);
  };
  const out: Array<{ service: string; method: string; request: fc.Arbitrary<Record<string, unknown>> }> = [];
  for (const [name, def] of Object.entries(pkg)) {
    if (!name.startsWith('salescast.api.') || 'format' in def) continue;
    type Method = { requestType: MessageDescriptor; requestStream: boolean; responseStream: boolean };
    for (const [method, m] of Object.entries(def as Record<string, Method>)) {
      if (m.requestStream || m.responseStream) continue;
      out.push({
        service: name.split('.').pop() as string,
        method: method[0].toLowerCase() + method.slice(1),
        request: messageArb(m.requestType, 0),
      });
    }
  }
  return out;
}
