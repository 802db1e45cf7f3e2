/**
 * Every code the domain can raise: the error table of the application-logic seed, the codes the user
 * stories name, and the few the invariants need (their HTTP/tRPC statuses live at the edge: packages/api/src/edge/error-status.ts).
 */
export type ErrorCode =
  // application-logic seed, section 6
  | 'VIDEO_PROVIDER_UNAVAILABLE'
  | 'CONSENT_REQUIRED'
  | 'MODULE_NOT_LICENSED'
  | 'INVALID_STATUS_TRANSITION'
  | 'OPTIMISTIC_LOCK_CONFLICT'
  | 'PARTICIPANT_NOT_IN_WAITING_ROOM'
  | 'TOKEN_EXPIRED'
  | 'MAX_PARTICIPANTS_EXCEEDED'
  | 'PROVIDER_QUOTA_EXCEEDED'
  // named by the user stories and the edge
  | 'CONSENT_SERVICE_UNAVAILABLE'
  | 'TOKEN_INVALID'
  | 'TOKEN_NOT_YET_VALID'
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'PARTICIPANT_REMOVED'
  | 'ATTACHMENT_LIMIT_EXCEEDED'
  // invariants of the domain model seed that need their own answer
  | 'PROVIDER_NOT_PRESENT'
  | 'PATIENT_ALREADY_IN_SESSION'
  // outside systems other than video
  | 'FHIR_GATEWAY_UNAVAILABLE'
  | 'COMMUNICATION_SERVICE_UNAVAILABLE'
  | 'AI_GATEWAY_UNAVAILABLE'
  | 'AI_COMPLETION_REFUSED'
  | 'INTERNAL';

/** Details are shown to clients: identifiers, codes and numbers only, never PHI or secrets. */
export type ErrorDetails = Record<string, string | number | boolean | null | readonly string[]>;

// A registry symbol, not module identity: bundlers can load two copies of this module
// (e.g. through a package symlink and its real path), and `instanceof` must hold across both.
const DOMAIN_ERROR_BRAND = Symbol.for('virtual-care.domain-error');

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly [DOMAIN_ERROR_BRAND] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[DOMAIN_ERROR_BRAND] === true
    );
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
