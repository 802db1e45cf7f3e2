import { safeError } from './safe-error';
import { REDACTED, scrubText } from './scrub-text';

/**
 * The one redaction list of the web app and the worker: a field with one of these names is replaced wherever it
 * sits in a log line, at any depth. Compared lower-cased with `_` and `-` removed, so `given_name`, `givenName`
 * and `Given-Name` are one entry. Patient identity, clinical free text, message and transcript text, credentials,
 * and raw bytes (photos, audio).
 */
const REDACTED_FIELDS: ReadonlySet<string> = new Set([
  // who the patient is
  'name',
  'given',
  'givenname',
  'family',
  'familyname',
  'firstname',
  'lastname',
  'fullname',
  'patientname',
  'displayname',
  'email',
  'phone',
  'phonenumber',
  'telecom',
  'birthdate',
  'dateofbirth',
  'dob',
  'address',
  // what the patient said or was told
  'chiefcomplaint',
  'complaint',
  'answers',
  'intakeanswers',
  'intake',
  'message',
  'messages',
  'text',
  'body',
  'content',
  'note',
  'transcript',
  'segments',
  'summary',
  'draft',
  'response',
  'data',
  // credentials
  'token',
  'jointoken',
  'patienttoken',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'jwt',
  'authorization',
  'cookie',
  'setcookie',
  'password',
  'secret',
  'clientsecret',
  'apikey',
  'jitsijwtsecret',
  'masterkey',
  // bytes
  'photo',
  'photos',
  'image',
  'audio',
  'bytes',
]);

export function isRedactedField(key: string): boolean {
  return REDACTED_FIELDS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

const MAX_DEPTH = 8;

/**
 * A copy of a log value fit to write: redacted fields replaced, errors reduced to their safe shape (safe-error.ts),
 * strings scrubbed of credentials, bytes reduced to their length. Plain data only: what it does not know
 * (functions, symbols) is dropped, cycles and deep nesting are cut.
 */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (value instanceof Error) return safeError(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[cut]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  if (value instanceof URL) return scrubText(value.href);
  if (value instanceof Headers) return redactValue(Object.fromEntries(value), depth, seen);
  if (value instanceof Map) return redactValue(Object.fromEntries(value), depth, seen);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isRedactedField(key) ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return copy;
}
