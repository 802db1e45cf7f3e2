import type { ErrorCode } from '@virtual-care/domain';
import { ERROR_CODES, type TransportErrorCode } from '../../../src';

/** Every transport code, as a record so a new one in the union is a compile error here until listed. */
const TRANSPORT_CODES: Record<TransportErrorCode, true> = {
  METHOD_NOT_ALLOWED: true,
  CONFLICT: true,
  PAYLOAD_TOO_LARGE: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  UNPROCESSABLE_CONTENT: true,
  TOO_MANY_REQUESTS: true,
  IDEMPOTENCY_KEY_REUSED: true,
};

/** The codes a client may receive: the spec's and the transport's. */
const SPEC_CODES = new Set<string>([...ERROR_CODES, ...Object.keys(TRANSPORT_CODES)]);

/** A 503 is a fair answer only when an outside system is down, and then under its own code. */
const OUTSIDE_SYSTEM_CODES = new Set<ErrorCode>([
  'VIDEO_PROVIDER_UNAVAILABLE',
  'PROVIDER_QUOTA_EXCEEDED',
  'CONSENT_SERVICE_UNAVAILABLE',
  'FHIR_GATEWAY_UNAVAILABLE',
  'COMMUNICATION_SERVICE_UNAVAILABLE',
  'AI_GATEWAY_UNAVAILABLE',
]);

export type Finding =
  | 'server error'
  | 'error not { code, message, details } with a spec code'
  | 'partial write'
  | 'cross-tenant success'
  | 'wrong role let through';

export interface Observation {
  status: number;
  body: unknown;
  /** Rows the request added (or removed: negative) per tenant table. */
  rowsAdded: Record<string, number>;
  /** It carried an Idempotency-Key header. */
  sentIdempotencyKey: boolean;
  /** Tenant B's data in a 2xx answer to a tenant A caller. */
  leakedMarkers: string[];
  /** The caller was one the operation does not admit. */
  wrongRole: boolean;
}

/** What is wrong with one answer (nothing: an empty list). */
export function judge(o: Observation): Finding[] {
  const findings: Finding[] = [];
  const code = errorCodeOf(o.body);
  if (o.status >= 500 && !(o.status === 503 && code && OUTSIDE_SYSTEM_CODES.has(code as ErrorCode)))
    findings.push('server error');
  if (o.status >= 400 && !isSpecErrorBody(o.body))
    findings.push('error not { code, message, details } with a spec code');
  if (o.status >= 400 && changedTables(o).length > 0) findings.push('partial write');
  if (o.status < 300 && o.leakedMarkers.length > 0) findings.push('cross-tenant success');
  if (o.status < 400 && o.wrongRole) findings.push('wrong role let through');
  return findings;
}

/**
 * Tables a refused request changed. A domain refusal under an Idempotency-Key is stored as that key's reply, to be
 * replayed (idempotency.store.ts): that one idempotency_keys row is the answer kept, not a half-done write.
 */
export function changedTables(o: Observation): string[] {
  return Object.entries(o.rowsAdded)
    .filter(
      ([table, added]) =>
        added !== 0 && !(table === 'idempotency_keys' && added === 1 && o.sentIdempotencyKey),
    )
    .map(([table]) => table);
}

function errorCodeOf(body: unknown): string | null {
  return typeof body === 'object' &&
    body !== null &&
    'code' in body &&
    typeof body.code === 'string'
    ? body.code
    : null;
}

function isSpecErrorBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body).sort();
  const { code, message } = body as { code?: unknown; message?: unknown };
  return (
    keys.join(',') === 'code,details,message' &&
    typeof code === 'string' &&
    SPEC_CODES.has(code) &&
    typeof message === 'string'
  );
}
