import fc from 'fast-check';

/** A value with the name of the mutation that made it bad, or null for a well-formed one. */
export interface Part<T> {
  value: T;
  bad: string | null;
}

/** `{"__proto__": ...}` as JSON sends it: an own key, not the object's prototype. */
const PROTO_POLLUTION: unknown = JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{}}');

/** What an attacker or a broken client sends where a value is expected, grouped by what it tries. */
const CONSTANTS: Record<string, unknown[]> = {
  'wrong type': [null, true, false, [], {}, [[[]]], PROTO_POLLUTION],
  'number as string': ['8', '1', '0', '-1', '1e309', '0x10', '1_000', ' 8 ', '8.0'],
  'NaN-like': ['NaN', 'Infinity', '-Infinity', 'null', 'undefined', 'true', '[]', '{}'],
  'edge number': [
    0,
    -0,
    -1,
    1.5,
    -2147483649,
    2147483648,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    1e308,
    -1e308,
    5e-324,
  ],
  'implausible date': [
    '9999-12-31T23:59:59Z',
    '9999-12-31',
    '0001-01-01T00:00:00Z',
    '1970-01-01T00:00:00Z',
    '2000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '2026-02-30T10:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-06-01T25:61:00Z',
    'yesterday',
    'tomorrow',
    'now',
    '',
  ],
  'injection text': [
    "' OR '1'='1",
    "'; DROP TABLE virtual_sessions; --",
    '../../../../etc/passwd',
    '<script>alert(1)</script>',
    '${jndi:ldap://127.0.0.1/a}',
    '{{7*7}}',
    '%00%2e%2e%2f',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://169.254.169.254/latest/meta-data/',
    'https://10.0.0.1/',
    'http://[::1]:1/',
    'http://127.0.0.1:1/',
  ],
  'unicode text': [
    '\u0000',
    'a\u0000b',
    '\u202eevil.exe',
    '\u200b',
    '\ufeff',
    '\ud800',
    '\udfff\ud800',
    '👩🏽‍⚕️🏥💉',
    'مريض جديد',
    'Z̷̛͔a̸l̶g̷o̴ t̷e̸x̵t̴',
    '\r\nSet-Cookie: a=b',
    ' ',
  ],
};

const constants = Object.entries(CONSTANTS).map(([bad, values]) =>
  fc.constantFrom(...values).map((value): Part<unknown> => ({ value, bad })),
);

const hugeString = fc
  .integer({ min: 2_000, max: 80_000 })
  .map((n): Part<unknown> => ({ value: 'x'.repeat(n), bad: 'huge string' }));

/** Arrays or objects nested thousands deep: a recursive validator or serializer must not fall over. */
const deepNesting = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean())
  .map(([depth, asObject]): Part<unknown> => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
    return { value, bad: 'deep nesting' };
  });

const randomText = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
  )
  .map((value): Part<unknown> => ({ value, bad: 'random unicode' }));

const randomNumber = fc
  .oneof(fc.integer(), fc.double({ noNaN: false }))
  .map((value): Part<unknown> => ({ value, bad: 'random number' }));

const bigList = fc
  .integer({ min: 100, max: 5_000 })
  .map((n): Part<unknown> => ({ value: Array.from({ length: n }, () => 'x'), bad: 'long list' }));

/** Any hostile value, whatever the schema expects. */
export const hostileValue: fc.Arbitrary<Part<unknown>> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(...constants) },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepNesting },
  { weight: 2, arbitrary: randomText },
  { weight: 1, arbitrary: randomNumber },
  { weight: 1, arbitrary: bigList },
);

/** Path segments a URL parser or router may trip on, sent as they are (not percent-encoded). */
export const hostileSegment: fc.Arbitrary<Part<string>> = fc.oneof(
  fc
    .constantFrom(
      '%',
      '%ZZ',
      '%00',
      '..',
      '.',
      '%2e%2e',
      '%2F',
      'a%2Fb',
      ';x',
      '%E2%80%AE',
      '%F0%9F',
      '%ED%A0%80',
    )
    .map((value) => ({ value, bad: 'malformed path segment' })),
  hostileValue.map(({ value, bad }) => ({
    // A lone surrogate cannot be percent-encoded (URIError); '%ED%A0%80' above sends its bytes.
    value: encodeURIComponent(
      (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\p{Cs}/gu, '\ufffd'),
    ),
    bad: `path: ${bad}`,
  })),
);
