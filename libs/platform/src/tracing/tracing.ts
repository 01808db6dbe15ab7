import { Context, context, propagation, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ReadableSpan,
  SimpleSpanProcessor,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * OpenTelemetry tracing, off by default. W3C trace context travels in Kafka headers (`traceparent`,
 * `tracestate`, injected when an event is created, so an event enqueued in the outbox keeps the
 * context of the work that caused it) and in gRPC metadata. Spans: consume (a Kafka batch), publish
 * (outbox relay to Kafka), transaction (a repository's transaction), RPC (server and client).
 *
 * Exporters, chosen by environment:
 *  - `OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`: OTLP over HTTP (the
 *    exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself);
 *  - `SALESCAST_TRACE_DIR`: one JSON line per span in `<dir>/<service>-<pid>.jsonl` (tests, debugging).
 * Neither set: no provider is registered and every helper here is a no-op.
 */
export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

const TRACER = 'salescast';

export function initTracing(service: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  const processors: SpanProcessor[] = [];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (env.SALESCAST_TRACE_DIR)
    processors.push(new SimpleSpanProcessor(new JsonLinesSpanExporter(env.SALESCAST_TRACE_DIR, service)));
  if (processors.length === 0) return { enabled: false, shutdown: async () => undefined };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return { enabled: true, shutdown: () => provider.shutdown() };
}

/** Writes the active trace context into a carrier (Kafka headers, gRPC metadata as a map). */
export function injectTraceContext(carrier: Record<string, string>, ctx: Context = context.active()): void {
  propagation.inject(ctx, carrier);
}

/** The trace context a carrier holds (or the active one when it holds none). */
export function extractTraceContext(carrier: Record<string, string> | undefined): Context {
  return carrier ? propagation.extract(context.active(), carrier) : context.active();
}

/** Runs `fn` inside a new span (child of `parent`, else of the active span), ending it and recording errors. */
export async function withSpan<T>(
  name: string,
  opts: { kind?: SpanKind; parent?: Context; attributes?: Record<string, string | number | boolean> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer(TRACER);
  return tracer.startActiveSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes },
    opts.parent ?? context.active(),
    async (span) => {
      try {
        return await fn(span);
      } catch (e) {
        span.recordException(e as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error)?.message });
        throw e;
      } finally {
        span.end();
      }
    },
  );
}

export { SpanKind };

/** One JSON object per line and span: what the cross-service trace test reads. */
export class JsonLinesSpanExporter implements SpanExporter {
  private readonly file: string;

  constructor(dir: string, private readonly service: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, `${service}-${process.pid}.jsonl`);
  }

  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    try {
      const lines = spans.map((s) =>
        JSON.stringify({
          service: this.service,
          traceId: s.spanContext().traceId,
          spanId: s.spanContext().spanId,
          parentSpanId: s.parentSpanContext?.spanId ?? '',
          name: s.name,
          kind: SpanKind[s.kind],
          start: hrToMs(s.startTime),
          end: hrToMs(s.endTime),
          attributes: s.attributes,
          status: s.status.code,
        }),
      );
      appendFileSync(this.file, lines.join('\n') + '\n');
      done({ code: ExportResultCode.SUCCESS });
    } catch (e) {
      done({ code: ExportResultCode.FAILED, error: e as Error });
    }
  }

  async shutdown(): Promise<void> {}
}

const hrToMs = ([s, ns]: [number, number]) => s * 1000 + ns / 1e6;
