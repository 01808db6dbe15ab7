import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import * as events from './gen/index.salescast.events.v1';
import { decodePayload, encodePayload } from './codec';
import { PROTO_ROOT } from './proto-files';
import {
  DLQ_HEADERS,
  dlqTopic,
  TOPIC_NAMES,
  TOPICS,
  topicContract,
  type Topic,
  type TopicContract,
  type TopicMessage,
} from './topics';

const envelope = (type: string, aggregateId: string): events.Envelope => ({
  eventId: '6f1c2a9e-4b7d-4c1e-9a53-0d2f8e7b6a41',
  type,
  occurredAt: new Date('2025-03-04T05:06:07.089Z'),
  aggregateId,
  correlationId: '0b9d3c1f-2e4a-4f6b-8c7d-9e0a1b2c3d4e',
  causationId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  schemaVersion: 1,
});

/** One message per topic with every field set to a non-default value (checked below). */
const SAMPLES: { [T in Topic]: TopicMessage<T> } = {
  'erp.sales-lines.v1': {
    envelope: envelope(TOPICS['erp.sales-lines.v1'].type, 'SKU-1'),
    orderId: 'SO-1001',
    lineNo: 2,
    sku: 'SKU-1',
    quantity: 3,
    unitPrice: 19.99,
    orderedAt: new Date('2025-03-04T05:06:07.089Z'),
  },
  'erp.returns.v1': {
    envelope: envelope(TOPICS['erp.returns.v1'].type, 'SKU-1'),
    returnId: 'RMA-7',
    orderId: 'SO-1001',
    sku: 'SKU-1',
    quantity: 1,
    returnedAt: new Date('2025-03-10T12:00:00.000Z'),
  },
  'erp.skus.v1': {
    envelope: envelope(TOPICS['erp.skus.v1'].type, 'SKU-1'),
    sku: 'SKU-1',
    name: 'Blue mug',
    category: 'kitchen',
    unitPrice: 12.5,
    launchedOn: '2018-01-15',
    discontinuedOn: '2025-12-31',
  },
  'erp.supply-terms.v1': {
    envelope: envelope(TOPICS['erp.supply-terms.v1'].type, 'SKU-1'),
    sku: 'SKU-1',
    supplier: 'ACME',
    moq: 48,
    leadTimeDays: 21,
    packSize: 12,
    reviewDays: 7,
  },
  'erp.inventory.v1': {
    envelope: envelope(TOPICS['erp.inventory.v1'].type, 'SKU-1'),
    sku: 'SKU-1',
    asOfDate: '2025-06-30',
    onHand: 17,
    onOrder: 48,
  },
  'erp.business-events.v1': {
    envelope: envelope(TOPICS['erp.business-events.v1'].type, 'all'),
    kind: events.BusinessEventKind.BUSINESS_EVENT_KIND_SHUTDOWN,
    startsOn: '2024-11-15',
    endsOn: '2025-01-05',
    scope: 'all',
    description: 'Shutdown',
  },
  'sales.daily.v1': {
    envelope: envelope(TOPICS['sales.daily.v1'].type, 'SKU-1'),
    sku: 'SKU-1',
    date: '2025-03-04',
    quantity: 17,
    revenue: 339.83,
    returnedQuantity: 2,
    orderLines: 9,
  },
  'training.requests.v1': {
    envelope: envelope(TOPICS['training.requests.v1'].type, 'all'),
    reason: events.TrainingReason.TRAINING_REASON_DRIFT,
    skus: ['SKU-1', 'SKU-2'],
    detail: 'PSI 0.31 > 0.2',
  },
  'training.jobs.v1': {
    envelope: envelope(TOPICS['training.jobs.v1'].type, 'run-1/3'),
    runId: 'run-1',
    skus: ['SKU-1', 'SKU-2', 'SKU-3'],
    asOf: '2025-03-04',
    reason: events.TrainingReason.TRAINING_REASON_SCHEDULE,
    batchIndex: 3,
    batchCount: 8,
  },
  'models.promoted.v1': {
    envelope: envelope(TOPICS['models.promoted.v1'].type, 'SKU-1'),
    sku: 'SKU-1',
    modelVersionId: 'mv-42',
    modelName: 'ensemble',
    alias: 'champion',
    trainedAt: new Date('2025-03-05T01:00:00.000Z'),
    runId: 'run-1',
    backtestSmape: 0.21,
    backtestMase: 0.87,
    backtestWape: 0.18,
    originDate: '2025-03-04',
    cause: events.PromotionCause.PROMOTION_CAUSE_GATE,
    previousModelVersionId: 'mv-41',
  },
  'forecasts.published.v1': {
    envelope: envelope(TOPICS['forecasts.published.v1'].type, 'SKU-1'),
    snapshotId: 'snap-7',
    sku: 'SKU-1',
    category: 'garden',
    modelVersionId: 'mv-42',
    modelName: 'ensemble',
    publishedAt: new Date('2025-03-05T08:30:00.000Z'),
    originDate: '2025-03-04',
    reason: events.PublicationReason.PUBLICATION_REASON_NEW_ACTUALS,
    points: [
      {
        date: '2025-03-05',
        mean: 14.2,
        intervals: [
          { level: 50, lower: 12.0, upper: 16.5 },
          { level: 80, lower: 9.5, upper: 19.1 },
        ],
      },
    ],
  },
  'reorder.proposed.v1': {
    envelope: envelope(TOPICS['reorder.proposed.v1'].type, 'SKU-1'),
    proposalId: 'prop-1',
    sku: 'SKU-1',
    supplier: 'ACME',
    status: 'order now',
    orderQuantity: 96,
    orderByDate: '2025-07-01',
    reorderPoint: 120.5,
    safetyStock: 20.5,
    stockoutRisk: 0.04,
    serviceLevel: 0.95,
    asOfDate: '2025-06-30',
    forecastId: 'snap-7',
    proposedAt: new Date('2025-07-01T06:00:00.000Z'),
  },
  'monitoring.alerts.v1': {
    envelope: envelope(TOPICS['monitoring.alerts.v1'].type, 'SKU-1'),
    alertId: 'al-1',
    kind: events.AlertKind.ALERT_KIND_ACCURACY_DEGRADED,
    severity: events.AlertSeverity.ALERT_SEVERITY_WARNING,
    sku: 'SKU-1',
    message: 'WAPE 0.41 above 0.35 over 28 days',
    value: 0.41,
    threshold: 0.35,
    scope: events.AlertScope.ALERT_SCOPE_SKU,
    scopeKey: 'SKU-1',
    state: events.AlertState.ALERT_STATE_RESOLVED,
    metric: 'wape',
    detail: 'champion mv-42 over 28 days after 2025-02-04',
    raisedAt: new Date('2025-03-05T08:00:00.000Z'),
    resolvedAt: new Date('2025-03-06T08:00:00.000Z'),
    skus: ['SKU-1'],
  },
};

/** The event .proto files loaded by protobufjs straight from PROTO_ROOT: an independent reader of the wire format. */
function loadEventProtos(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
  const dir = join(PROTO_ROOT, 'salescast', 'events', 'v1');
  root.loadSync(
    readdirSync(dir).map((file) => `salescast/events/v1/${file}`),
    { keepCase: true },
  );
  return root;
}

describe('topic contracts', () => {
  const protoRoot = loadEventProtos();

  it('has a sample for every topic, so no topic escapes the round-trip tests', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...TOPIC_NAMES].sort());
  });

  it('names topics <domain>.<event>.v<major> and gives each its own message type', () => {
    for (const topic of TOPIC_NAMES) expect(topic).toMatch(/^[a-z]+\.[a-z-]+\.v[0-9]+$/);
    const types = TOPIC_NAMES.map((topic) => TOPICS[topic].type);
    expect(new Set(types).size).toBe(types.length);
  });

  describe.each(TOPIC_NAMES)('%s', (topic) => {
    const { codec, type }: TopicContract<unknown> = TOPICS[topic];
    const sample: unknown = SAMPLES[topic];

    it('round-trips through binary protobuf', () => {
      expect(decodePayload(codec, encodePayload(codec, sample))).toEqual(sample);
    });

    it('round-trips through proto3 JSON', () => {
      const json = Buffer.from(JSON.stringify(codec.toJSON(sample)));
      expect(decodePayload(codec, json, 'application/json')).toEqual(sample);
    });

    it('is the message named by its type in proto/, and the sample sets every field', () => {
      const reflected = protoRoot.lookupType(type);
      const decoded = reflected.toObject(reflected.decode(encodePayload(codec, sample)), { defaults: false });
      expect(Object.keys(decoded).sort()).toEqual(reflected.fieldsArray.map((field) => field.name).sort());
      expect(reflected.fieldsById[1]?.type).toBe('Envelope');
    });

    it('decodes bytes written by an independent protobuf implementation', () => {
      const reflected = protoRoot.lookupType(type);
      const reencoded = reflected.encode(reflected.decode(encodePayload(codec, sample))).finish();
      expect(codec.decode(reencoded)).toEqual(sample);
    });
  });

  it('decodes a JSON sales line as the ERP publishes it: snake_case names and ISO timestamps with an offset', () => {
    const erpJson = JSON.stringify({
      envelope: {
        event_id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        type: 'salescast.events.v1.SalesLineRecorded',
        occurred_at: '2025-03-04T06:06:07+01:00',
        aggregate_id: 'SKU-1',
        schema_version: 1,
      },
      order_id: 'SO-1001',
      line_no: 2,
      sku: 'SKU-1',
      quantity: 3,
      unit_price: 19.99,
      ordered_at: '2025-03-04T06:06:07.5+01:00',
    });
    const { codec } = TOPICS['erp.sales-lines.v1'];
    const line = decodePayload(codec, Buffer.from(erpJson, 'utf8'), 'application/json; charset=utf-8');
    expect(line).toEqual<events.SalesLineRecorded>({
      envelope: {
        eventId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        type: 'salescast.events.v1.SalesLineRecorded',
        occurredAt: new Date('2025-03-04T05:06:07.000Z'),
        aggregateId: 'SKU-1',
        correlationId: '',
        causationId: '',
        schemaVersion: 1,
      },
      orderId: 'SO-1001',
      lineNo: 2,
      sku: 'SKU-1',
      quantity: 3,
      unitPrice: 19.99,
      orderedAt: new Date('2025-03-04T05:06:07.500Z'),
    });
  });

  it('reads enums in JSON by name', () => {
    const { codec } = TOPICS['erp.business-events.v1'];
    const json =
      '{"kind":"BUSINESS_EVENT_KIND_REOPENING","starts_on":"2025-01-06","scope":"category:kitchen"}';
    expect(decodePayload(codec, Buffer.from(json), 'application/json')).toMatchObject({
      kind: events.BusinessEventKind.BUSINESS_EVENT_KIND_REOPENING,
      startsOn: '2025-01-06',
      endsOn: '',
      scope: 'category:kitchen',
    });
  });

  it('rejects a payload that is neither valid JSON nor valid protobuf, so the consumer can dead-letter it', () => {
    const { codec } = TOPICS['erp.sales-lines.v1'];
    expect(() => decodePayload(codec, Buffer.from('{"order_id": '), 'application/json')).toThrow(SyntaxError);
    expect(() => decodePayload(codec, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toThrow();
  });

  it('names dead-letter topics <topic>.dlq and fixes the DLQ header names', () => {
    expect(dlqTopic('erp.sales-lines.v1')).toBe('erp.sales-lines.v1.dlq');
    expect(Object.values(DLQ_HEADERS).sort()).toEqual([
      'x-error',
      'x-source-offset',
      'x-source-partition',
      'x-source-topic',
    ]);
  });

  it('refuses an unknown topic name and lists the known ones', () => {
    expect(() => topicContract('erp.sales-lines.v2')).toThrow(
      /Unknown topic "erp.sales-lines.v2".*erp\.skus\.v1/,
    );
  });
});
