import { events, Topic } from '@salescast/contracts';
import { BusinessEventKind, RecordKind, RecordTypes } from '@salescast/datagen';
import { contractEvent } from '@salescast/platform/kafka/contract-events';
import type { OutgoingEvent } from '@salescast/platform/kafka/ports';

const BUSINESS_EVENT_KINDS: Record<BusinessEventKind, events.BusinessEventKind> = {
  shutdown: events.BusinessEventKind.BUSINESS_EVENT_KIND_SHUTDOWN,
  reopening: events.BusinessEventKind.BUSINESS_EVENT_KIND_REOPENING,
  promotion: events.BusinessEventKind.BUSINESS_EVENT_KIND_PROMOTION,
};

/** The `erp.*` topic each file row is published on (the same record, see docs/data-format.md). */
export const ERP_TOPICS: { readonly [K in RecordKind]: Topic } = {
  sales_lines: 'erp.sales-lines.v1',
  returns: 'erp.returns.v1',
  skus: 'erp.skus.v1',
  supply_terms: 'erp.supply-terms.v1',
  inventory: 'erp.inventory.v1',
  business_events: 'erp.business-events.v1',
};

type ToEvent<K extends RecordKind> = (r: RecordTypes[K]) => OutgoingEvent;

/**
 * One file row as the `erp.*` event the ERP would have sent: protobuf with a fresh envelope, keyed by
 * the SKU (business events, which may cover many SKUs, by their scope), occurring when the row says.
 */
const TO_EVENT: { readonly [K in RecordKind]: ToEvent<K> } = {
  sales_lines: (r) => {
    const orderedAt = new Date(r.orderedAt);
    return contractEvent(
      'erp.sales-lines.v1',
      keyOf('sales_lines', r),
      {
        orderId: r.orderId,
        lineNo: r.lineNo,
        sku: r.sku,
        quantity: r.quantity,
        unitPrice: r.unitPrice,
        orderedAt,
      },
      { occurredAt: orderedAt },
    );
  },
  returns: (r) =>
    contractEvent(
      'erp.returns.v1',
      keyOf('returns', r),
      {
        returnId: r.returnId,
        orderId: r.orderId,
        sku: r.sku,
        quantity: r.quantity,
        returnedAt: new Date(r.returnedAt),
      },
      { occurredAt: new Date(r.returnedAt) },
    ),
  skus: (r) =>
    contractEvent('erp.skus.v1', keyOf('skus', r), {
      sku: r.sku,
      name: r.name,
      category: r.category,
      unitPrice: r.unitPrice,
      launchedOn: r.launchedOn,
      discontinuedOn: r.discontinuedOn ?? '',
    }),
  supply_terms: (r) =>
    contractEvent('erp.supply-terms.v1', keyOf('supply_terms', r), {
      sku: r.sku,
      supplier: r.supplier,
      moq: r.moq,
      leadTimeDays: r.leadTimeDays,
      packSize: r.packSize ?? 0,
      reviewDays: r.reviewDays ?? 0,
    }),
  inventory: (r) =>
    contractEvent(
      'erp.inventory.v1',
      keyOf('inventory', r),
      { sku: r.sku, asOfDate: r.asOf, onHand: r.onHand, onOrder: r.onOrder },
      { occurredAt: new Date(`${r.asOf}T23:59:59Z`) },
    ),
  business_events: (r) =>
    contractEvent('erp.business-events.v1', keyOf('business_events', r), {
      kind: BUSINESS_EVENT_KINDS[r.kind],
      startsOn: r.startsOn,
      endsOn: r.endsOn ?? '',
      scope: r.scope,
      description: r.description ?? '',
    }),
};

export function toErpEvent<K extends RecordKind>(kind: K, record: RecordTypes[K]): OutgoingEvent {
  return (TO_EVENT[kind] as ToEvent<K>)(record);
}

/** The Kafka key of a row's event, without building it: the SKU, or a business event's scope (it may cover many SKUs). */
export function keyOf<K extends RecordKind>(kind: K, record: RecordTypes[K]): string {
  return kind === 'business_events'
    ? (record as RecordTypes['business_events']).scope
    : (record as { sku: string }).sku;
}
