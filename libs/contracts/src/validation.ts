import * as events from './gen/index.salescast.events.v1';

/**
 * Validation of event payloads that several consumers share (pure; the same rules as the file format's,
 * see docs/data-format.md). Each returns the problem naming the field, or undefined, ready to be a
 * `Subscription.validate` (the message then goes to the DLQ with that reason).
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const SCOPE = /^(all|category:.+|sku:.+)$/;

export function returnProblem(r: events.ReturnRecorded): string | undefined {
  if (!r.returnId?.trim()) return 'return_id: required';
  if (!r.orderId?.trim()) return 'order_id: required';
  if (!r.sku?.trim()) return 'sku: required';
  if (!Number.isInteger(r.quantity) || r.quantity <= 0) return `quantity: want a whole number > 0 (got ${r.quantity})`;
  if (!(r.returnedAt instanceof Date) || Number.isNaN(r.returnedAt.getTime())) return 'returned_at: required ISO-8601 timestamp';
  return undefined;
}

export function skuProblem(s: events.SkuUpserted): string | undefined {
  if (!s.sku?.trim()) return 'sku: required';
  if (!s.category?.trim()) return 'category: required';
  if (!Number.isFinite(s.unitPrice) || s.unitPrice < 0) return `unit_price: want a number >= 0 (got ${s.unitPrice})`;
  if (s.launchedOn && !validDate(s.launchedOn)) return `launched_on: want YYYY-MM-DD (got '${s.launchedOn}')`;
  if (s.discontinuedOn && !validDate(s.discontinuedOn)) return `discontinued_on: want YYYY-MM-DD (got '${s.discontinuedOn}')`;
  return undefined;
}

export function supplyTermsProblem(t: events.SupplyTermsUpserted): string | undefined {
  if (!t.sku?.trim()) return 'sku: required';
  if (!t.supplier?.trim()) return 'supplier: required';
  if (!Number.isInteger(t.moq) || t.moq < 0) return `moq: want a whole number >= 0 (got ${t.moq})`;
  if (!Number.isInteger(t.leadTimeDays) || t.leadTimeDays < 0) return `lead_time_days: want a whole number >= 0 (got ${t.leadTimeDays})`;
  if (!Number.isInteger(t.packSize ?? 0) || (t.packSize ?? 0) < 0) return `pack_size: want a whole number >= 0 (got ${t.packSize})`;
  if (!Number.isInteger(t.reviewDays ?? 0) || (t.reviewDays ?? 0) < 0) return `review_days: want a whole number >= 0 (got ${t.reviewDays})`;
  return undefined;
}

export function inventoryProblem(i: events.InventoryReported): string | undefined {
  if (!i.sku?.trim()) return 'sku: required';
  if (!validDate(i.asOfDate ?? '')) return `as_of_date: want YYYY-MM-DD (got '${i.asOfDate}')`;
  if (!Number.isFinite(i.onHand) || i.onHand < 0) return `on_hand: want a number >= 0 (got ${i.onHand})`;
  if (!Number.isFinite(i.onOrder) || i.onOrder < 0) return `on_order: want a number >= 0 (got ${i.onOrder})`;
  return undefined;
}

/** The business event kinds by their file/engine name. */
export const BUSINESS_EVENT_KINDS: Partial<Record<events.BusinessEventKind, 'shutdown' | 'reopening' | 'promotion'>> = {
  [events.BusinessEventKind.BUSINESS_EVENT_KIND_SHUTDOWN]: 'shutdown',
  [events.BusinessEventKind.BUSINESS_EVENT_KIND_REOPENING]: 'reopening',
  [events.BusinessEventKind.BUSINESS_EVENT_KIND_PROMOTION]: 'promotion',
};

export function businessEventProblem(e: events.BusinessEventDeclared): string | undefined {
  if (!BUSINESS_EVENT_KINDS[e.kind]) return `kind: want SHUTDOWN, REOPENING or PROMOTION (got ${e.kind})`;
  if (!validDate(e.startsOn)) return `starts_on: want YYYY-MM-DD (got '${e.startsOn}')`;
  if (e.endsOn && !validDate(e.endsOn)) return `ends_on: want YYYY-MM-DD or empty (got '${e.endsOn}')`;
  if (e.endsOn && e.endsOn < e.startsOn) return `ends_on: before starts_on (${e.endsOn} < ${e.startsOn})`;
  if (!SCOPE.test(e.scope ?? '')) return `scope: want all, category:<name> or sku:<id> (got '${e.scope}')`;
  return undefined;
}

export function dailySalesProblem(m: events.DailySalesUpdated): string | undefined {
  if (!m.sku?.trim()) return 'sku: required';
  if (!validDate(m.date)) return `date: want YYYY-MM-DD (got '${m.date}')`;
  if (!Number.isFinite(m.quantity) || m.quantity < 0) return `quantity: want >= 0 (got ${m.quantity})`;
  return undefined;
}
