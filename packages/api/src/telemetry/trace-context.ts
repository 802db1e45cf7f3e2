import { context, propagation } from '@opentelemetry/api';

/** A W3C trace context as it travels in headers and CloudEvent attributes: `traceparent`, `tracestate` if any. */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}

/**
 * The trace context active here, or null: always null while telemetry is off, as OpenTelemetry's API then has
 * no propagator. The database stores it with each outbox row written (decision 0042).
 */
export function activeTraceContext(): TraceContext | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return toTraceContext(carrier);
}

/** The `traceparent` and `tracestate` of a carrier (other fields, such as baggage, are left behind). */
export function toTraceContext(carrier: Readonly<Record<string, string>>): TraceContext | null {
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return null;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
