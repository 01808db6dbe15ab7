import { roundOrder } from './order-rounding';

describe('roundOrder', () => {
  it('orders nothing when nothing is missing', () => {
    expect(roundOrder(0, 50, 10)).toBe(0);
    expect(roundOrder(-3, 50, 10)).toBe(0);
  });
  it('raises a small need to the MOQ', () => {
    expect(roundOrder(7, 50, 1)).toBe(50);
  });
  it('rounds up to whole packs, MOQ included', () => {
    expect(roundOrder(61, 50, 12)).toBe(72);
    expect(roundOrder(7, 50, 12)).toBe(60); // MOQ 50 is not whole packs: 5 packs
    expect(roundOrder(24, 0, 12)).toBe(24);
    expect(roundOrder(3.2, 0, 0)).toBe(4);
  });
});
