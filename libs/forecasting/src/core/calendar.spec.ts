import { addPeriods, parseDate, periodsBetween } from './calendar';

describe('calendar', () => {
  it('adds months across year ends and clamps nothing silently', () => {
    expect(addPeriods('2024-11-01', 'monthly', 3)).toBe('2025-02-01');
    expect(addPeriods('2024-12-30', 'daily', 3)).toBe('2025-01-02');
    expect(periodsBetween('2024-01-01', '2025-03-01', 'monthly')).toBe(14);
  });

  it('keeps years below 100 (M3 dates its series from year 1)', () => {
    expect(parseDate('0083-01-01').getUTCFullYear()).toBe(83);
    expect(addPeriods('0083-12-01', 'monthly', 1)).toBe('0084-01-01');
    expect(periodsBetween('0083-01-01', '0084-01-01', 'monthly')).toBe(12);
  });

  it('rejects impossible dates', () => {
    expect(() => parseDate('2025-02-30')).toThrow(/not a valid date/);
  });
});
