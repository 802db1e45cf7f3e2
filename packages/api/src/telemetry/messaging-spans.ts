import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';
import { toTraceContext, type TraceContext } from './trace-context';

const tracer = () => trace.getTracer('virtual-care-messaging');

/** Message headers as NATS exposes them (MsgHdrs): only reading is needed here. */
export interface HeaderReader {
  get(key: string): string;
}

const headerGetter = {
  get: (headers: HeaderReader | undefined, key: string) => headers?.get(key) || undefined,
  keys: () => ['traceparent', 'tracestate'],
};

/** The semantic-convention attributes of a NATS message; subjects name event types and tenants, never people. */
function messagingAttributes(subject: string, messageId: string | undefined): Attributes {
  return {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    ...(messageId ? { 'messaging.message.id': messageId } : {}),
  };
}

/**
 * A PRODUCER span for one event publish, a child of the trace context stored with the event when there is one
 * (the request that wrote it). Returns the span, to end when the publish is acknowledged, and the span's own
 * context, for the message headers; that context is null while telemetry is off.
 */
export function startPublishSpan(
  eventType: string,
  subject: string,
  messageId: string,
  stored: TraceContext | null,
): { span: Span; headers: TraceContext | null } {
  const parent = stored ? propagation.extract(ROOT_CONTEXT, stored) : ROOT_CONTEXT;
  const span = tracer().startSpan(
    `publish ${eventType}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        ...messagingAttributes(subject, messageId),
        'messaging.operation.type': 'send',
      },
    },
    parent,
  );
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(parent, span), carrier);
  return { span, headers: toTraceContext(carrier) };
}

/** Ends a publish span with the outcome of its publish. */
export function endPublishSpan(span: Span, error?: unknown): void {
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * Runs a consumer's handling of one message in a CONSUMER span, a child of the trace context in the message's
 * headers (the relay's publish span), so the handling's own queries and calls join the request's trace.
 */
export async function inProcessSpan<T>(
  consumer: string,
  subject: string,
  headers: HeaderReader | undefined,
  handle: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, headers, headerGetter);
  const span = tracer().startSpan(
    `process ${consumer}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...messagingAttributes(subject, undefined),
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': consumer,
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => handle(span));
  } catch (error) {
    // The error's type only: its message may quote what a patient wrote.
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
    throw error;
  } finally {
    span.end();
  }
}
