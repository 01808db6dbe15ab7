import { dedupeLines, salesLineProblem } from './sales-line.rules';

const ok = {
  orderId: 'O1',
  lineNo: 1,
  sku: 'SKU-1',
  quantity: 2,
  unitPrice: 9.5,
  orderedAt: new Date('2024-03-01T10:00:00Z'),
};

describe('salesLineProblem', () => {
  it('accepts a well-formed line', () => expect(salesLineProblem(ok)).toBeUndefined());
  it.each([
    [{ orderId: '' }, /order_id/],
    [{ sku: ' ' }, /sku/],
    [{ quantity: 0 }, /quantity.*got 0/],
    [{ quantity: -3 }, /quantity/],
    [{ quantity: 1.5 }, /quantity/],
    [{ unitPrice: Number.NaN }, /unit_price/],
    [{ unitPrice: -1 }, /unit_price/],
    [{ orderedAt: new Date('nope') }, /ordered_at/],
    [{ orderedAt: undefined }, /ordered_at/],
  ])('rejects %p naming the field', (patch, re) => {
    expect(salesLineProblem({ ...ok, ...patch } as never)).toMatch(re);
  });
});

describe('dedupeLines', () => {
  it('keeps one row per (order_id, line_no)', () => {
    const rows = dedupeLines([ok, { ...ok, quantity: 5 }, { ...ok, lineNo: 2 }]);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.lineNo === 1)?.quantity).toBe(5);
  });
});
