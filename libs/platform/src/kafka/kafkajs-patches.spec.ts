import type { RecordArgs } from './kafkajs-patches';

/* eslint-disable @typescript-eslint/no-require-imports */
// kafkajs' own encoders first: loading the patches then replaces them for kafkajs, not for these
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (a: RecordArgs) => {
  buffer: Buffer;
};
const kafkajsGrouping = require('kafkajs/src/producer/groupMessagesPerPartition');
const { encodeRecord, linearGroupMessagesPerPartition, patched } =
  require('./kafkajs-patches') as typeof import('./kafkajs-patches');

it('compares with kafkajs’ own encoders, not with the patched ones', () => {
  expect(kafkajsRecord.name).not.toBe('patchedRecord');
  expect(kafkajsGrouping).not.toBe(linearGroupMessagesPerPartition);
  expect(patched).toEqual({ grouping: true, record: true });
  expect(require('kafkajs/src/protocol/recordBatch/record/v0').name).toBe('patchedRecord');
});

describe('encodeRecord', () => {
  const cases: RecordArgs[] = [
    {
      key: 'SKU-00068',
      value: Buffer.from([1, 2, 3]),
      headers: { 'content-type': 'application/x-protobuf' },
    },
    { offsetDelta: 0, timestampDelta: 0, key: null, value: null },
    { offsetDelta: 4999, timestampDelta: 123_456, key: 'é-ключ', value: 'text value', headers: {} },
    { offsetDelta: 70_000, timestampDelta: -5, key: Buffer.alloc(300, 7), value: Buffer.alloc(20_000, 9) },
    {
      offsetDelta: 1,
      timestampDelta: 2 ** 40,
      key: 'k',
      value: 'v',
      headers: { a: ['x', 'y'], b: Buffer.from('z') },
    },
  ];
  it.each(cases.map((c, i) => [i, c]))('writes the bytes kafkajs writes (case %i)', (_, c) => {
    expect(encodeRecord(c as RecordArgs).buffer.equals(kafkajsRecord(c as RecordArgs).buffer)).toBe(true);
  });

  it('matches kafkajs on many random records', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 500; i++) {
      const c: RecordArgs = {
        offsetDelta: rnd(100_000),
        timestampDelta: rnd(3) === 0 ? -rnd(1000) : rnd(2 ** 30),
        key: rnd(5) === 0 ? null : `SKU-${rnd(1e6)}`,
        value: Buffer.alloc(rnd(400), rnd(256)),
        headers: rnd(2) ? { 'content-type': 'application/x-protobuf' } : {},
      };
      expect(encodeRecord(c).buffer.equals(kafkajsRecord(c).buffer)).toBe(true);
    }
  });
});

describe('linearGroupMessagesPerPartition', () => {
  it('groups as kafkajs does, in order', () => {
    const messages = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i % 17}`, i }));
    const args = {
      topic: 't',
      partitionMetadata: [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0 })),
      messages,
      partitioner: ({ message }: { message: { key?: unknown } }) => Number(String(message.key).slice(1)) % 3,
    };
    expect(linearGroupMessagesPerPartition(args as never)).toEqual(kafkajsGrouping(args as never));
  });
});
