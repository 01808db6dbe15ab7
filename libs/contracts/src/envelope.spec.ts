import { createEnvelope, CURRENT_SCHEMA_VERSION } from './envelope';
import { TOPICS } from './topics';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createEnvelope', () => {
  it('starts a correlation chain when nothing caused the event', () => {
    const occurredAt = new Date('2025-03-04T00:00:00Z');
    const envelope = createEnvelope('sales.daily.v1', 'SKU-1', { occurredAt });
    expect(envelope).toEqual({
      eventId: expect.stringMatching(UUID),
      type: TOPICS['sales.daily.v1'].type,
      occurredAt,
      aggregateId: 'SKU-1',
      correlationId: envelope.eventId,
      causationId: '',
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });
  });

  it('carries the correlation of its cause and points at the cause', () => {
    const first = createEnvelope('erp.sales-lines.v1', 'SKU-1');
    const second = createEnvelope('sales.daily.v1', 'SKU-1', { cause: first });
    const third = createEnvelope('models.promoted.v1', 'SKU-1', { cause: second });
    expect(second.causationId).toBe(first.eventId);
    expect(third.causationId).toBe(second.eventId);
    expect(third.correlationId).toBe(first.eventId);
    expect(new Set([first.eventId, second.eventId, third.eventId]).size).toBe(3);
  });

  it('correlates with the cause itself when an external cause carries no correlation id', () => {
    const external = { ...createEnvelope('erp.sales-lines.v1', 'SKU-1'), correlationId: '' };
    expect(createEnvelope('sales.daily.v1', 'SKU-1', { cause: external }).correlationId).toBe(
      external.eventId,
    );
  });
});
