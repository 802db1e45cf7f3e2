import { describe, expect, it } from 'vitest';
import { redactSpan, type ExportedSpan } from '../src/telemetry/redacting-exporter';

const TOKEN = 'eyJraWQiOiJrMSJ9.aG1hYy1zaWduYXR1cmU';
const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

/** A finished span as the SDK hands it to the exporter (its context behind a method, as on the SDK's class). */
function span(fields: Partial<Record<keyof ExportedSpan, unknown>>): ExportedSpan {
  const proto = { spanContext: () => spanContext };
  return Object.assign(Object.create(proto) as object, {
    status: { code: 0 },
    events: [],
    attributes: {},
    ...fields,
  }) as ExportedSpan;
}

/**
 * The shapes the whole-flow test (apps/worker/test/telemetry.int.test.ts) does not meet: Next's own spans, which
 * name a request after its URL and set `http.target` to it, and an exception whose message quotes a request.
 */
describe('what leaves the process in a span (decision 0042)', () => {
  it('Next’s request span: no query string in its name or its http.target', () => {
    const redacted = redactSpan(
      span({
        name: `GET /join?token=${TOKEN}`,
        attributes: {
          'http.method': 'GET',
          'http.target': `/join?token=${TOKEN}`,
          'next.route': '/join',
        },
      }),
    );
    expect(redacted.name).toBe('GET /join');
    expect(redacted.attributes).toEqual({
      'http.method': 'GET',
      'http.target': '/join',
      'next.route': '/join',
    });
    expect(redacted.spanContext()).toEqual(spanContext);
  });

  it('a fetch span: its URL without query and fragment, the query and any header gone', () => {
    const redacted = redactSpan(
      span({
        name: `fetch GET https://fhir.example/Patient?name=Oriane#x`,
        attributes: {
          'url.full': 'https://fhir.example/Patient?name=Oriane#x',
          'http.url': 'https://fhir.example/Patient?name=Oriane',
          'url.query': 'name=Oriane',
          'http.request.header.authorization': ['Bearer x'],
          'http.response.status_code': 200,
        },
      }),
    );
    expect(redacted.name).toBe('fetch GET https://fhir.example/Patient');
    expect(redacted.attributes).toEqual({
      'url.full': 'https://fhir.example/Patient',
      'http.url': 'https://fhir.example/Patient',
      'http.response.status_code': 200,
    });
  });

  it('an exception keeps its type only; the status keeps its code only', () => {
    const redacted = redactSpan(
      span({
        name: 'POST',
        status: { code: 2, message: 'Key (complaint)=(Pellwick fever) already exists' },
        events: [
          {
            name: 'exception',
            time: [0, 0],
            attributes: {
              'exception.type': 'DatabaseError',
              'exception.message': 'Key (complaint)=(Pellwick fever) already exists',
              'exception.stacktrace': 'DatabaseError: Key (complaint)=(Pellwick fever)\n    at x',
            },
          },
        ],
      }),
    );
    expect(redacted.status).toEqual({ code: 2 });
    expect(redacted.events).toEqual([
      { name: 'exception', time: [0, 0], attributes: { 'exception.type': 'DatabaseError' } },
    ]);
  });
});
