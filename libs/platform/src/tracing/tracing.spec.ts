import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractTraceContext, initTracing, injectTraceContext, SpanKind, withSpan } from './tracing';

describe('tracing', () => {
  it('is off without an exporter configured', async () => {
    const t = initTracing('test', {});
    expect(t.enabled).toBe(false);
    const carrier: Record<string, string> = {};
    await withSpan('nothing', {}, async () => injectTraceContext(carrier));
    expect(carrier).toEqual({}); // no context to carry
  });

  it('carries W3C trace context through a carrier and writes spans as JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salescast-trace-spec-'));
    const t = initTracing('svc', { SALESCAST_TRACE_DIR: dir });
    expect(t.enabled).toBe(true);
    const headers: Record<string, string> = {};
    await withSpan('publish x', { kind: SpanKind.PRODUCER }, async () => injectTraceContext(headers));
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await withSpan('consume x', { kind: SpanKind.CONSUMER, parent: extractTraceContext(headers) }, async () => undefined);
    await expect(withSpan('fails', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await t.shutdown();
    const spans = readdirSync(dir).flatMap((f) =>
      readFileSync(join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l)),
    );
    const [pub, con, failed] = spans;
    expect(pub).toMatchObject({ service: 'svc', name: 'publish x', kind: 'PRODUCER', parentSpanId: '' });
    expect(con).toMatchObject({ name: 'consume x', kind: 'CONSUMER', traceId: pub.traceId, parentSpanId: pub.spanId });
    expect(headers.traceparent).toBe(`00-${pub.traceId}-${pub.spanId}-01`);
    expect(failed).toMatchObject({ name: 'fails', status: 2 }); // SpanStatusCode.ERROR
    rmSync(dir, { recursive: true, force: true });
  });
});
