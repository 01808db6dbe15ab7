import { Observation, OpenAlert, skusToRetrain, transitions } from './alerts';
import { gate } from './gate';

const obs = (holds: boolean, value = 1): Observation => ({
  kind: 'drift_detected',
  scope: 'sku',
  key: 'A',
  holds,
  severity: 'warning',
  evidence: { metric: 'ks_units', value, threshold: 0.001, detail: '' },
});

describe('alert state machine', () => {
  let n = 0;
  const id = () => `id-${++n}`;

  it('raises once, stays quiet while the condition holds, resolves when it clears', () => {
    const t0 = new Date('2025-01-01T00:00:00Z');
    const [raise] = transitions([], [obs(true)], t0, id);
    expect(raise.type).toBe('raise');
    const open: OpenAlert[] = [raise.alert];
    // held for the next ten evaluations: nothing new
    for (let m = 1; m <= 10; m++) expect(transitions(open, [obs(true, 2)], new Date(t0.getTime() + m * 60_000), id)).toEqual([]);
    const later = new Date('2025-01-02T00:00:00Z');
    const [resolve] = transitions(open, [obs(false, 0.4)], later, id);
    expect(resolve).toMatchObject({ type: 'resolve', resolvedAt: later, alert: { alertId: raise.alert.alertId } });
    expect(transitions([], [obs(false)], later, id)).toEqual([]);
  });

  it('keeps different scopes and kinds apart', () => {
    const t = transitions([], [obs(true), { ...obs(true), scope: 'category' }, { ...obs(true), kind: 'accuracy_degraded' }], new Date(), id);
    expect(t).toHaveLength(3);
  });

  it('debounces retraining requests per SKU', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    const last = new Map([
      ['A', new Date('2025-01-01T11:00:00Z')],
      ['B', new Date('2025-01-01T05:00:00Z')],
    ]);
    expect(skusToRetrain([{ skus: ['A', 'B', 'C'] }, { skus: ['C'] }], last, now, 6 * 3600_000)).toEqual(['B', 'C']);
  });
});

describe('champion gate', () => {
  it('promotes a fit not worse than the champion by more than the margin', () => {
    expect(gate({ wape: 10.4 }, { wape: 10 }, 0.05).promote).toBe(true);
    const worse = gate({ wape: 10.6, mase: 0.1 }, { wape: 10, mase: 0.9 }, 0.05);
    expect(worse).toMatchObject({ promote: false, metric: 'wape', candidate: 10.6, champion: 10 });
    expect(worse.limit).toBeCloseTo(10.5, 10);
  });

  it('promotes the first fit, and falls back to MASE when WAPE is missing', () => {
    expect(gate({ wape: 99 }, undefined, 0).promote).toBe(true);
    expect(gate({ mase: 1.2 }, { mase: 1 }, 0.1)).toMatchObject({ promote: false, metric: 'mase' });
  });
});
