import { decodePayload, encodePayload, topicContract } from '@salescast/contracts';
import { contractEvent } from './contract-events';

describe('contractEvent', () => {
  const codec = topicContract('erp.sales-lines.v1').codec;
  const line = (orderId: string) => ({
    orderId,
    lineNo: 1,
    sku: 'SKU-1',
    quantity: 2,
    unitPrice: 9.5,
    orderedAt: new Date('2024-03-01T10:00:00Z'),
  });

  it('encodes each event as encodePayload does, a long one followed by short ones', () => {
    for (const id of ['O'.repeat(5000), 'O1', '', 'é'.repeat(40), 'O2']) {
      const e = contractEvent('erp.sales-lines.v1', 'SKU-1', line(id));
      const decoded = decodePayload(codec, e.value);
      expect(decoded.orderId).toBe(id);
      expect(e.value.equals(encodePayload(codec, decoded))).toBe(true);
    }
  });

  it('hands out bytes that later events do not overwrite', () => {
    const first = contractEvent('erp.sales-lines.v1', 'SKU-1', line('first'));
    const copy = Buffer.from(first.value);
    for (let i = 0; i < 100; i++) contractEvent('erp.sales-lines.v1', 'SKU-1', line(`other-${i}`));
    expect(first.value.equals(copy)).toBe(true);
  });
});
