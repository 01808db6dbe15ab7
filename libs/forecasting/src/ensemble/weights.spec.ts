import fc from 'fast-check';
import {
  inverseErrorWeights,
  leastSquaresWeights,
  priorWeights,
  projectOntoSimplex,
  shrinkTowardPrior,
} from './weights';

const sum = (w: number[]) => w.reduce((s, v) => s + v, 0);

describe('priorWeights', () => {
  it('splits 40/45/15 by family, baselines counting as statistical', () => {
    const w = priorWeights(['baseline', 'statistical', 'ml', 'ml', 'recovery']);
    expect(w.map((v) => +v.toFixed(4))).toEqual([0.2, 0.2, 0.225, 0.225, 0.15]);
  });

  it('passes the share of an absent family to the others in proportion', () => {
    const w = priorWeights(['statistical', 'ml']);
    expect(w[0]).toBeCloseTo(0.4 / 0.85, 12);
    expect(w[1]).toBeCloseTo(0.45 / 0.85, 12);
  });

  it('falls back to equal weights when every present family has a zero share', () => {
    expect(priorWeights(['ml', 'ml'], { statistical: 1, ml: 0, recovery: 0 })).toEqual([0.5, 0.5]);
  });
});

describe('inverseErrorWeights', () => {
  it('gives the smaller error the larger weight, in proportion to 1/error^power', () => {
    const close = (w: number[], expected: number[]) =>
      w.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    close(inverseErrorWeights([1, 3]), [0.75, 0.25]);
    close(inverseErrorWeights([1, 3], 2), [0.9, 0.1]);
  });

  it('gives all the weight to a perfect member', () => {
    expect(inverseErrorWeights([0, 2, 0])).toEqual([0.5, 0, 0.5]);
  });

  it('rejects a non-finite error', () => {
    expect(() => inverseErrorWeights([1, NaN])).toThrow(/finite/);
  });
});

describe('leastSquaresWeights', () => {
  it('recovers the convex combination that generated the actuals', () => {
    const a = [1, 4, 2, 8, 5, 7, 3, 6];
    const b = [3, 1, 5, 2, 6, 1, 7, 2];
    const c = [9, 9, 9, 9, 9, 9, 9, 9];
    const y = a.map((v, i) => 0.3 * v + 0.7 * b[i]);
    const w = leastSquaresWeights(
      a.map((v, i) => [v, b[i], c[i]]),
      y,
    );
    expect(w[0]).toBeCloseTo(0.3, 3);
    expect(w[1]).toBeCloseTo(0.7, 3);
    expect(w[2]).toBeCloseTo(0, 3);
  });
});

describe('weights are a probability vector', () => {
  const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });
  it('projectOntoSimplex: non-negative, sums to 1, and a point already on the simplex stays', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 8 }), (v) => {
        const w = projectOntoSimplex(v);
        expect(w.every((x) => x >= 0)).toBe(true);
        expect(sum(w)).toBeCloseTo(1, 9);
        expect(
          projectOntoSimplex(w)
            .map((x, i) => x - w[i])
            .every((d) => Math.abs(d) < 1e-9),
        ).toBe(true);
      }),
    );
  });

  it('inverse-error weights shrunk toward a prior: non-negative, sum to 1, between the two', () => {
    const error = fc.double({ min: 0.01, max: 100, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(error, { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (errors, lambda) => {
          const evidence = inverseErrorWeights(errors);
          const prior = priorWeights(errors.map((_, i) => (i % 2 ? 'ml' : 'statistical')));
          const w = shrinkTowardPrior(evidence, prior, lambda);
          expect(sum(w)).toBeCloseTo(1, 9);
          w.forEach((x, i) => {
            expect(x).toBeGreaterThanOrEqual(Math.min(evidence[i], prior[i]) - 1e-12);
            expect(x).toBeLessThanOrEqual(Math.max(evidence[i], prior[i]) + 1e-12);
          });
        },
      ),
    );
  });
});
