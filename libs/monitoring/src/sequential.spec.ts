import { pageHinkley, scaledErrors } from './sequential';

describe('pageHinkley', () => {
  const calm = Array.from({ length: 40 }, (_, i) => ((i * 37) % 7) / 7 - 0.43);

  it('stays quiet on unbiased noise', () => {
    const r = pageHinkley(calm);
    expect(r.alarm).toBe(false);
    expect(r.alarmAt).toBe(-1);
  });

  it('alarms soon after the mean error shifts up, and says which way', () => {
    const shifted = [...calm, ...Array.from({ length: 10 }, () => 2.5)];
    const r = pageHinkley(shifted);
    expect(r.alarm).toBe(true);
    expect(r.alarmAt).toBeGreaterThanOrEqual(40);
    expect(r.alarmAt).toBeLessThan(46);
    expect(r.direction).toBe(1);
    const down = pageHinkley([...calm, ...Array.from({ length: 10 }, () => -2.5)]);
    expect(down.direction).toBe(-1);
    expect(down.alarm).toBe(true);
  });
});

describe('scaledErrors', () => {
  it('scales errors by the mean absolute day-to-day change', () => {
    expect(scaledErrors([12, 8], [10, 10], [0, 2, 0, 2])).toEqual([1, -1]);
    expect(scaledErrors([6], [5], [5, 5, 5])).toEqual([0.2]); // flat history: scale by its level
  });
});
