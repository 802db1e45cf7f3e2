import type { Attributes } from '@opentelemetry/api';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

export type SpanExporter = NodeSDKConfiguration['traceExporter'];
export type ExportedSpan = Parameters<SpanExporter['export']>[0][number];

/** Attributes that hold a URL or a request target: their query strings go (a join link's `?token=`). */
const URL_ATTRIBUTES = new Set(['http.target', 'http.url', 'url.full', 'url.original', 'next.url']);

/** Attributes no span keeps: a whole query, request and response headers and bodies. */
const DROPPED = /^(url\.query|http\.(request|response)\.(header|body)\b.*)$/;

/** A URL or path without its query and fragment. */
const withoutQuery = (value: string) => value.replace(/[?#].*$/s, '');

function redactAttributes(attributes: Attributes): Attributes {
  const kept: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (DROPPED.test(key)) continue;
    kept[key] = URL_ATTRIBUTES.has(key) && typeof value === 'string' ? withoutQuery(value) : value;
  }
  return kept;
}

/**
 * The span as exported: no query string in its name or URL attributes (Next names a request's span and its
 * fetches' spans after the URL, and sets `http.target` to it), no headers or bodies, and of an exception only
 * its type, with no message or stack (a message may quote a request's data). SQL statement text is kept: every
 * statement takes its values as parameters, which the pg instrumentation leaves out (decision 0042).
 */
export function redactSpan(span: ExportedSpan): ExportedSpan {
  const events = span.events.map((event) =>
    event.name === 'exception'
      ? {
          ...event,
          attributes: { 'exception.type': event.attributes?.['exception.type'] ?? 'Error' },
        }
      : { ...event, attributes: event.attributes && redactAttributes(event.attributes) },
  );
  // A view of the span with these fields replaced; the rest (its context, times, resource) is the span's own.
  return Object.create(span, {
    name: { value: withoutQuery(span.name) },
    attributes: { value: redactAttributes(span.attributes) },
    events: { value: events },
    status: { value: { code: span.status.code } },
  }) as ExportedSpan;
}

/** Redacts every span before the OTLP exporter sends it: nothing unredacted leaves the process. */
export function redactingExporter(inner: SpanExporter): SpanExporter {
  return {
    export: (spans, done) => inner.export(spans.map(redactSpan), done),
    shutdown: () => inner.shutdown(),
    ...(inner.forceFlush ? { forceFlush: () => inner.forceFlush!() } : {}),
  };
}
