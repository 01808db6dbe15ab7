import { ApiError } from '../errors/api-error';
import { parsePlanQuery } from './reorder-query';

const fieldOf = (query: unknown): string | undefined => {
  try {
    parsePlanQuery(query);
    return undefined;
  } catch (e) {
    return (e as ApiError).field;
  }
};

describe('reorder-plan query', () => {
  it('takes SKUs comma-separated or repeated, a category or a supplier, and the policy', () => {
    expect(parsePlanQuery({ sku: 'A,B' })).toMatchObject({ by: 'sku', sku: ['A', 'B'] });
    expect(parsePlanQuery({ sku: ['A', 'B,C'] })).toMatchObject({ sku: ['A', 'B', 'C'] });
    expect(parsePlanQuery({ category: 'kitchen', service_level: '0.98', review_days: '14' })).toMatchObject({
      by: 'category',
      category: 'kitchen',
      sku: [],
      service_level: 0.98,
      review_days: 14,
    });
    expect(parsePlanQuery({ supplier: 'Acme' })).toMatchObject({ by: 'supplier', supplier: 'Acme' });
  });

  it('names the field at fault', () => {
    expect(fieldOf({})).toBe('sku');
    expect(fieldOf({ sku: 'A', category: 'k' })).toBe('category');
    expect(fieldOf({ category: 'k', supplier: 's' })).toBe('supplier');
    expect(fieldOf({ sku: 'A', service_level: '1.5' })).toBe('service_level');
    expect(fieldOf({ sku: 'A', service_level: '0' })).toBe('service_level');
    expect(fieldOf({ sku: 'A', review_days: '0' })).toBe('review_days');
    expect(fieldOf({ sku: 'A/B' })).toMatch(/^sku/);
    expect(fieldOf({ sku: Array.from({ length: 1001 }, (_, i) => `S${i}`).join(',') })).toBe('sku');
    expect(fieldOf({ category: ['a', 'b'] })).toBe('category');
  });
});
