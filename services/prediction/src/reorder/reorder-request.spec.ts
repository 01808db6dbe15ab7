import { parseReorderRequest } from './reorder-request';

const req = (r: Partial<{ skus: string[]; supplier: string; serviceLevel: number; reviewDays: number }>) => ({
  skus: [],
  supplier: '',
  serviceLevel: 0,
  reviewDays: 0,
  ...r,
});

describe('parseReorderRequest', () => {
  it('takes SKUs (deduplicated) or a supplier, with defaults left to the service', () => {
    expect(parseReorderRequest(req({ skus: ['A', 'B', 'A'] }))).toEqual({ skus: ['A', 'B'] });
    expect(parseReorderRequest(req({ supplier: 'Acme', serviceLevel: 0.9, reviewDays: 14 }))).toEqual({
      supplier: 'Acme',
      serviceLevel: 0.9,
      reviewDays: 14,
    });
  });

  it('names the field of a bad request', () => {
    expect(() => parseReorderRequest(req({}))).toThrow(/^skus: /);
    expect(() => parseReorderRequest(req({ skus: ['A'], supplier: 'S' }))).toThrow(/^supplier: /);
    expect(() => parseReorderRequest(req({ skus: [' '] }))).toThrow(/^skus: an empty SKU/);
    expect(() => parseReorderRequest(req({ skus: ['A'], serviceLevel: 1 }))).toThrow(/^service_level: /);
    expect(() => parseReorderRequest(req({ skus: ['A'], serviceLevel: -0.5 }))).toThrow(/^service_level: /);
    expect(() => parseReorderRequest(req({ skus: ['A'], reviewDays: 400 }))).toThrow(/^review_days: /);
  });
});
