import { decodePayload, events, topicContract } from '@salescast/contracts';
import { toErpEvent } from './erp-events';

describe('toErpEvent', () => {
  it('turns a sales line into a SalesLineRecorded keyed by SKU that decodes back to the row', () => {
    const e = toErpEvent('sales_lines', {
      orderId: 'O7',
      lineNo: 2,
      sku: 'SKU-3',
      quantity: 4,
      unitPrice: 9.5,
      orderedAt: '2024-03-01T10:00:00Z',
      day: '2024-03-01',
    });
    expect(e).toMatchObject({ topic: 'erp.sales-lines.v1', key: 'SKU-3' });
    const decoded = decodePayload(
      topicContract('erp.sales-lines.v1').codec,
      e.value,
    ) as events.SalesLineRecorded;
    expect(decoded).toMatchObject({ orderId: 'O7', lineNo: 2, sku: 'SKU-3', quantity: 4, unitPrice: 9.5 });
    expect(decoded.orderedAt?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(decoded.envelope).toMatchObject({
      aggregateId: 'SKU-3',
      type: 'salescast.events.v1.SalesLineRecorded',
    });
    expect(decoded.envelope?.occurredAt?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('maps a business event kind to its enum and keys it by scope', () => {
    const e = toErpEvent('business_events', { kind: 'shutdown', startsOn: '2024-11-16', scope: 'all' });
    const decoded = decodePayload(
      topicContract('erp.business-events.v1').codec,
      e.value,
    ) as events.BusinessEventDeclared;
    expect(e.key).toBe('all');
    expect(decoded.kind).toBe(events.BusinessEventKind.BUSINESS_EVENT_KIND_SHUTDOWN);
    expect(decoded.endsOn).toBe('');
  });
});
