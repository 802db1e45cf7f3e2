import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { activeTraceContext } from '../src';
import { startPublishSpan, startTelemetry } from '../src/telemetry';

/** OpenTelemetry's API keeps what was registered (tracer provider, propagator, context manager) here. */
const registered = () =>
  (globalThis as Record<symbol, Record<string, unknown> | undefined>)[
    Symbol.for('opentelemetry.js.api.1')
  ] ?? {};

describe('OpenTelemetry is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (decision 0042)', () => {
  it('starts nothing, registers nothing, and nothing carries a trace context', async () => {
    const unset = { OTEL_SERVICE_NAME: 'virtual-care-test', OTEL_EXPORTER_OTLP_ENDPOINT: '' };
    expect(await startTelemetry(unset, { defaultServiceName: 'virtual-care-test' })).toBeNull();
    const apis = ['trace', 'propagation', 'context'];
    expect(Object.keys(registered()).filter((api) => apis.includes(api))).toEqual([]);
    // What the outbox stores and what the relay puts in the headers: nothing.
    trace.getTracer('test').startActiveSpan('request', (span) => {
      expect(span.isRecording()).toBe(false);
      expect(activeTraceContext()).toBeNull();
      span.end();
    });
    const publish = startPublishSpan('virtual_care.session.ended.v1', 'subject', 'evt_1', null);
    expect(publish.headers).toBeNull();
  });

  it('refuses an OTLP protocol it cannot export with, naming the ones it can', async () => {
    const grpc = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    };
    await expect(startTelemetry(grpc, { defaultServiceName: 'virtual-care-test' })).rejects.toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL: must be http/protobuf (the default) or http/json',
    );
    expect(Object.keys(registered())).not.toContain('trace');
  });
});
