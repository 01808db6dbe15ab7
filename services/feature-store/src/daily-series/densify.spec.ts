import { densify } from './densify';

const row = (day: string, quantity: number) => ({
  day,
  quantity,
  revenue: quantity * 2,
  returnedQuantity: 0,
});

describe('densify', () => {
  it('fills days without sales with zeros between the first and last stored day', () => {
    const s = densify([row('2024-01-03', 5), row('2024-01-01', 1)]);
    expect(s.start).toBe('2024-01-01');
    expect(s.quantities).toEqual([1, 0, 5]);
    expect(s.revenues).toEqual([2, 0, 10]);
  });

  it('honours an explicit window, clipping rows outside it', () => {
    const s = densify([row('2023-12-31', 9), row('2024-01-02', 4)], '2024-01-01', '2024-01-04');
    expect(s.quantities).toEqual([0, 4, 0, 0]);
  });

  it('crosses month and leap-year boundaries by calendar days', () => {
    const s = densify([row('2024-02-28', 1), row('2024-03-01', 3)]);
    expect(s.quantities).toEqual([1, 0, 3]);
  });

  it('returns empty arrays for a SKU with no rows', () => {
    expect(densify([]).quantities).toEqual([]);
  });
});
