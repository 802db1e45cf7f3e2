import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ErrorCode } from '@virtual-care/domain';

export interface ErrorStatus {
  httpStatus: number;
  trpcCode: TRPC_ERROR_CODE_KEY;
}

/** Every spec code's transport status; `satisfies` makes a new code without a row a compile error. */
export const ERROR_STATUS = {
  VIDEO_PROVIDER_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  CONSENT_REQUIRED: { httpStatus: 403, trpcCode: 'FORBIDDEN' },
  MODULE_NOT_LICENSED: { httpStatus: 403, trpcCode: 'FORBIDDEN' },
  INVALID_STATUS_TRANSITION: { httpStatus: 409, trpcCode: 'CONFLICT' },
  OPTIMISTIC_LOCK_CONFLICT: { httpStatus: 409, trpcCode: 'CONFLICT' },
  PARTICIPANT_NOT_IN_WAITING_ROOM: { httpStatus: 409, trpcCode: 'CONFLICT' },
  TOKEN_EXPIRED: { httpStatus: 401, trpcCode: 'UNAUTHORIZED' },
  MAX_PARTICIPANTS_EXCEEDED: { httpStatus: 422, trpcCode: 'UNPROCESSABLE_CONTENT' },
  PROVIDER_QUOTA_EXCEEDED: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  CONSENT_SERVICE_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  TOKEN_INVALID: { httpStatus: 401, trpcCode: 'UNAUTHORIZED' },
  TOKEN_NOT_YET_VALID: { httpStatus: 401, trpcCode: 'UNAUTHORIZED' },
  NOT_FOUND: { httpStatus: 404, trpcCode: 'NOT_FOUND' },
  VALIDATION_FAILED: { httpStatus: 400, trpcCode: 'BAD_REQUEST' },
  FORBIDDEN: { httpStatus: 403, trpcCode: 'FORBIDDEN' },
  UNAUTHENTICATED: { httpStatus: 401, trpcCode: 'UNAUTHORIZED' },
  PARTICIPANT_REMOVED: { httpStatus: 403, trpcCode: 'FORBIDDEN' },
  ATTACHMENT_LIMIT_EXCEEDED: { httpStatus: 422, trpcCode: 'UNPROCESSABLE_CONTENT' },
  PROVIDER_NOT_PRESENT: { httpStatus: 409, trpcCode: 'CONFLICT' },
  PATIENT_ALREADY_IN_SESSION: { httpStatus: 409, trpcCode: 'CONFLICT' },
  FHIR_GATEWAY_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  COMMUNICATION_SERVICE_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  AI_GATEWAY_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  AI_COMPLETION_REFUSED: { httpStatus: 422, trpcCode: 'UNPROCESSABLE_CONTENT' },
  INTERNAL: { httpStatus: 500, trpcCode: 'INTERNAL_SERVER_ERROR' },
} as const satisfies Record<ErrorCode, ErrorStatus>;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Codes the transport raises before any domain code runs (malformed body, wrong method, ...). */
export type TransportErrorCode =
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS'
  | 'IDEMPOTENCY_KEY_REUSED';

/** Every code a client can receive in `{ code, message, details }`. */
export type ApiErrorCode = ErrorCode | TransportErrorCode;

/** tRPC's own refusals, as our codes; every tRPC code has a row, so a new one in tRPC does not compile. */
export const TRPC_ERRORS = {
  PARSE_ERROR: { httpStatus: 400, code: 'VALIDATION_FAILED' },
  BAD_REQUEST: { httpStatus: 400, code: 'VALIDATION_FAILED' },
  UNAUTHORIZED: { httpStatus: 401, code: 'UNAUTHENTICATED' },
  PAYMENT_REQUIRED: { httpStatus: 402, code: 'FORBIDDEN' },
  FORBIDDEN: { httpStatus: 403, code: 'FORBIDDEN' },
  NOT_FOUND: { httpStatus: 404, code: 'NOT_FOUND' },
  METHOD_NOT_SUPPORTED: { httpStatus: 405, code: 'METHOD_NOT_ALLOWED' },
  TIMEOUT: { httpStatus: 503, code: 'INTERNAL' },
  CONFLICT: { httpStatus: 409, code: 'CONFLICT' },
  PRECONDITION_FAILED: { httpStatus: 412, code: 'VALIDATION_FAILED' },
  PAYLOAD_TOO_LARGE: { httpStatus: 413, code: 'PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  UNPROCESSABLE_CONTENT: { httpStatus: 422, code: 'UNPROCESSABLE_CONTENT' },
  PRECONDITION_REQUIRED: { httpStatus: 428, code: 'VALIDATION_FAILED' },
  TOO_MANY_REQUESTS: { httpStatus: 429, code: 'TOO_MANY_REQUESTS' },
  CLIENT_CLOSED_REQUEST: { httpStatus: 499, code: 'INTERNAL' },
  INTERNAL_SERVER_ERROR: { httpStatus: 500, code: 'INTERNAL' },
  NOT_IMPLEMENTED: { httpStatus: 501, code: 'INTERNAL' },
  BAD_GATEWAY: { httpStatus: 502, code: 'INTERNAL' },
  SERVICE_UNAVAILABLE: { httpStatus: 503, code: 'INTERNAL' },
  GATEWAY_TIMEOUT: { httpStatus: 504, code: 'INTERNAL' },
} as const satisfies Record<TRPC_ERROR_CODE_KEY, { httpStatus: number; code: ApiErrorCode }>;
