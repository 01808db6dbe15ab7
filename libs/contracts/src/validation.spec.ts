import * as events from './gen/index.salescast.events.v1';
import { businessEventProblem, dailySalesProblem, inventoryProblem, returnProblem, skuProblem, supplyTermsProblem } from './validation';

describe('shared payload validation', () => {
  const ret = { returnId: 'R1', orderId: 'O1', sku: 'A', quantity: 1, returnedAt: new Date('2025-01-05T00:00:00Z') };
  it('accepts good records', () => {
    expect(returnProblem(ret)).toBeUndefined();
    expect(skuProblem({ sku: 'A', name: 'a', category: 'toys', unitPrice: 3, launchedOn: '2020-01-01', discontinuedOn: '' })).toBeUndefined();
    expect(supplyTermsProblem({ sku: 'A', supplier: 'S', moq: 10, leadTimeDays: 14, packSize: 0, reviewDays: 0 })).toBeUndefined();
    expect(inventoryProblem({ sku: 'A', asOfDate: '2025-06-30', onHand: 0, onOrder: 12 })).toBeUndefined();
    expect(
      businessEventProblem({
        kind: events.BusinessEventKind.BUSINESS_EVENT_KIND_SHUTDOWN,
        startsOn: '2024-11-15',
        endsOn: '',
        scope: 'all',
        description: '',
      }),
    ).toBeUndefined();
  });
  it('names the bad field', () => {
    expect(returnProblem({ ...ret, quantity: 0 })).toMatch(/^quantity/);
    expect(skuProblem({ sku: 'A', name: 'a', category: '', unitPrice: 3, launchedOn: '', discontinuedOn: '' })).toMatch(/^category/);
    expect(skuProblem({ sku: 'A', name: 'a', category: 'c', unitPrice: 3, launchedOn: '2020-13-01', discontinuedOn: '' })).toMatch(/^launched_on/);
    expect(supplyTermsProblem({ sku: 'A', supplier: 'S', moq: -1, leadTimeDays: 3, packSize: 0, reviewDays: 0 })).toMatch(/^moq/);
    expect(supplyTermsProblem({ sku: 'A', supplier: 'S', moq: 1, leadTimeDays: 3, packSize: 1.5, reviewDays: 0 })).toMatch(/^pack_size/);
    expect(inventoryProblem({ sku: 'A', asOfDate: '2025-13-01', onHand: 1, onOrder: 0 })).toMatch(/^as_of_date/);
    expect(inventoryProblem({ sku: 'A', asOfDate: '2025-06-30', onHand: -1, onOrder: 0 })).toMatch(/^on_hand/);
    expect(inventoryProblem({ sku: 'A', asOfDate: '2025-06-30', onHand: 1, onOrder: NaN })).toMatch(/^on_order/);
    const ev = { kind: events.BusinessEventKind.BUSINESS_EVENT_KIND_PROMOTION, startsOn: '2024-11-15', endsOn: '2024-11-10', scope: 'all', description: '' };
    expect(businessEventProblem(ev)).toMatch(/^ends_on: before/);
    expect(businessEventProblem({ ...ev, endsOn: '', scope: 'region:eu' })).toMatch(/^scope/);
    expect(businessEventProblem({ ...ev, kind: events.BusinessEventKind.BUSINESS_EVENT_KIND_UNSPECIFIED })).toMatch(/^kind/);
  });
  it('checks daily totals', () => {
    const d = { sku: 'A', date: '2025-01-05', quantity: 3, revenue: 9, returnedQuantity: 0, orderLines: 2 };
    expect(dailySalesProblem(d)).toBeUndefined();
    expect(dailySalesProblem({ ...d, date: '2025-1-5' })).toMatch(/^date/);
    expect(dailySalesProblem({ ...d, quantity: -1 })).toMatch(/^quantity/);
  });
});
