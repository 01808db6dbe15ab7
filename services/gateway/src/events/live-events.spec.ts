import { events } from '@salescast/contracts';
import { alertNotice, forecastNotice } from './live-events';

describe('live event notices', () => {
  it('turns an AlertRaised into an alert notice with readable kind and severity', () => {
    const n = alertNotice(
      events.AlertRaised.fromPartial({
        alertId: 'a1',
        kind: events.AlertKind.ALERT_KIND_DRIFT_DETECTED,
        severity: events.AlertSeverity.ALERT_SEVERITY_CRITICAL,
        sku: 'S',
        message: 'drift',
        value: 3,
        threshold: 2,
      }),
    );
    expect(n).toEqual({
      type: 'alert',
      data: {
        alert_id: 'a1',
        kind: 'ALERT_KIND_DRIFT_DETECTED',
        severity: 'ALERT_SEVERITY_CRITICAL',
        sku: 'S',
        message: 'drift',
        value: 3,
        threshold: 2,
        occurred_at: undefined,
      },
    });
  });

  it('leaves the points out of a forecast notice', () => {
    const n = forecastNotice({
      snapshotId: 's1',
      sku: 'S',
      category: 'kitchen',
      modelVersionId: 'v',
      modelName: 'ensemble',
      publishedAt: new Date('2024-01-01T00:00:00Z'),
      originDate: '2023-12-31',
      reason: events.PublicationReason.PUBLICATION_REASON_PROMOTION,
      points: [{ date: '2024-01-01', mean: 1, intervals: [] }],
    });
    expect(n.type).toBe('forecast');
    expect(n.data).toMatchObject({
      sku: 'S',
      category: 'kitchen',
      reason: 'PUBLICATION_REASON_PROMOTION',
      published_at: '2024-01-01T00:00:00.000Z',
    });
    expect(JSON.stringify(n)).not.toContain('points');
  });
});
