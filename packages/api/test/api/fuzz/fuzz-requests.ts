import fc from 'fast-check';
import { CALLERS, type Caller, type FuzzWorld } from './fuzz-world';
import { hostileSegment, hostileValue, type Part } from './hostile-values';
import type { RestOperation } from './rest-operations';
import { schemaArbitraries, type JsonSchema, type KnownValues } from './schema-arbitraries';

/** One generated request and every mutation that made it bad (none: a well-formed request, the control). */
export interface FuzzRequest {
  caller: Caller;
  method: string;
  /** Path and query below the REST endpoint. */
  url: string;
  body?: unknown;
  rawBody?: string;
  headers: Record<string, string>;
  bad: string[];
  /** Every value the request carries, unencoded: what it aims at. */
  carries: string;
}

const ID_PATTERNS: Record<string, keyof FuzzWorld['a']> = {
  vsn_: 'sessionIds',
  vsp_: 'participantIds',
  avs_: 'asyncVisitIds',
};

/** Ids of rows that exist (A's and B's, B's as often as A's) and join tokens that verify, by the schema's shape. */
export function knownValues(world: FuzzWorld): KnownValues {
  return (schema: JsonSchema) => {
    const prefix = Object.keys(ID_PATTERNS).find((p) => schema.pattern?.startsWith(`^${p}`));
    if (prefix) {
      const key = ID_PATTERNS[prefix]!;
      return fc.constantFrom(...(world.a[key] as string[]), ...(world.b[key] as string[]));
    }
    if (schema.format === 'uuid')
      return fc.oneof(fc.constantFrom(...world.a.patientIds, ...world.b.patientIds), fc.uuid());
    if (schema.minLength === 20 && schema.pattern?.includes('\\.')) {
      return fc.constantFrom(...world.joinTokens);
    }
    if (schema.maxLength === 100 && !schema.pattern && schema.minLength === undefined) {
      // The patient search: B's patient's name is the one that must never come back to A.
      return fc.constantFrom(world.bPatientName, 'Test', 'Zephyrine', '');
    }
    return null;
  };
}

const BAD_IDEMPOTENCY_KEYS = ['', ' ', 'a b', '\tkey', 'x'.repeat(256), 'clé-é', 'key\u007f'];
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json-patch',
];

/** Transport-level mutations: headers and raw bodies the procedure never sees well-formed. */
const transport: fc.Arbitrary<Part<{ headers: Record<string, string>; rawBody?: string }>> =
  fc.oneof(
    { weight: 12, arbitrary: fc.constant({ value: { headers: {} }, bad: null }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...BAD_IDEMPOTENCY_KEYS).map((key) => ({
        value: { headers: { 'idempotency-key': key } },
        bad: 'bad Idempotency-Key',
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('fuzz-key-1', 'fuzz-key-2').map((key) => ({
        value: { headers: { 'idempotency-key': key } },
        bad: null,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...WRONG_CONTENT_TYPES).map((type) => ({
        value: { headers: { 'content-type': type } },
        bad: 'wrong content type',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{',
          '{"a":',
          '[1,2',
          'nul',
          '\u0000',
          '{"a":1}{"b":2}',
          "{'a':1}",
          '\ufeff{}',
        )
        .map((rawBody) => ({ value: { headers: {}, rawBody }, bad: 'malformed JSON' })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 70_000, max: 300_000 }).map((n) => ({
        value: { headers: {}, rawBody: JSON.stringify({ padding: 'x'.repeat(n) }) },
        bad: 'oversized body',
      })),
    },
  );

/**
 * Requests for `operation`: mostly from a caller its procedure admits, sometimes from another; every part well-formed
 * or hostile, schema-aware.
 */
export function fuzzRequests(
  operation: RestOperation,
  world: FuzzWorld,
  components: Record<string, JsonSchema>,
  admitted: readonly Caller[],
): fc.Arbitrary<FuzzRequest> {
  const schemas = schemaArbitraries(components, knownValues(world));
  const refused = CALLERS.filter((c) => !admitted.includes(c));
  const caller: fc.Arbitrary<Part<Caller>> = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...admitted).map((value) => ({ value, bad: null })) },
    ...(refused.length > 0
      ? [
          {
            weight: 1,
            arbitrary: fc.constantFrom(...refused).map((value) => ({ value, bad: 'wrong role' })),
          },
        ]
      : []),
  );
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');

  const segments = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        {
          weight: 6,
          arbitrary: schemas.valid(p.schema).map((v) => ({
            value: encodeURIComponent(String(v)),
            raw: String(v),
            bad: null as string | null,
          })),
        },
        {
          weight: 1,
          arbitrary: hostileSegment.map((s) => ({ ...s, raw: safeDecode(s.value) })),
        },
      ),
    ),
  );
  const query = fc.tuple(
    ...queryParams.map((p) =>
      fc.oneof(
        { weight: 2, arbitrary: fc.constant<Part<unknown[]>>({ value: [], bad: null }) },
        {
          weight: 3,
          arbitrary: schemas
            .valid(p.schema)
            .map((v): Part<unknown[]> => ({ value: Array.isArray(v) ? v : [v], bad: null })),
        },
        {
          weight: 2,
          arbitrary: hostileValue.map((h): Part<unknown[]> => ({
            value: [h.value],
            bad: `${p.name}: ${h.bad}`,
          })),
        },
      ),
    ),
  );
  const extraQuery = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Part<string>>({ value: '', bad: null }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('tenantId=x', 'limit=1&limit=2', '__proto__[a]=1', 'a'.repeat(3000))
        .map((value): Part<string> => ({ value, bad: 'unknown query parameter' })),
    },
  );
  const body: fc.Arbitrary<Part<unknown> | null> = operation.body
    ? schemas.body(operation.body)
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: hostileValue.map((h) => ({
            value: h.value,
            bad: `unexpected body: ${h.bad}`,
          })),
        },
      );

  return fc
    .record({ caller, segments, query, extraQuery, body, transport })
    .map(({ caller, segments, query, extraQuery, body, transport }) => {
      let path = operation.path;
      pathParams.forEach((p, i) => {
        path = path.replace(`{${p.name}}`, segments[i]!.value);
      });
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        for (const v of query[i]!.value)
          search.append(p.name, typeof v === 'string' ? v : JSON.stringify(v));
      });
      const queryString = [search.toString(), extraQuery.value].filter(Boolean).join('&');
      const hasBody = operation.method !== 'GET' && operation.method !== 'DELETE';
      const raw = hasBody && transport.value.rawBody !== undefined;
      const bad = [
        caller.bad,
        ...segments.map((s) => s.bad),
        ...query.map((q) => q.bad),
        extraQuery.bad,
        hasBody && !raw ? body?.bad : null,
        !hasBody && transport.value.rawBody !== undefined ? null : transport.bad,
      ].filter((b): b is string => b !== null && b !== undefined);
      const request: FuzzRequest = {
        caller: caller.value,
        method: operation.method,
        url: queryString ? `${path}?${queryString}` : path,
        headers: transport.value.headers,
        bad,
        carries: JSON.stringify([
          segments.map((s) => s.raw),
          query.map((q) => q.value),
          body?.value,
        ]),
      };
      if (raw) request.rawBody = transport.value.rawBody;
      else if (hasBody && body) request.body = body.value;
      return request;
    });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
