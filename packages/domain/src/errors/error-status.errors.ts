import type { ErrorCode } from './domain.errors';

export type TrpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNPROCESSABLE_CONTENT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface ErrorStatus {
  httpStatus: number;
  trpcCode: TrpcErrorCode;
}

/** The one mapping from domain codes to transport statuses; `satisfies` makes a new unmapped code a compile error. */
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
  PROVIDER_NOT_PRESENT: { httpStatus: 409, trpcCode: 'CONFLICT' },
  PATIENT_ALREADY_IN_SESSION: { httpStatus: 409, trpcCode: 'CONFLICT' },
  FHIR_GATEWAY_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  COMMUNICATION_SERVICE_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  AI_GATEWAY_UNAVAILABLE: { httpStatus: 503, trpcCode: 'SERVICE_UNAVAILABLE' },
  AI_COMPLETION_REFUSED: { httpStatus: 422, trpcCode: 'UNPROCESSABLE_CONTENT' },
  INTERNAL: { httpStatus: 500, trpcCode: 'INTERNAL_SERVER_ERROR' },
} as const satisfies Record<ErrorCode, ErrorStatus>;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function errorStatus(code: ErrorCode): ErrorStatus {
  return ERROR_STATUS[code];
}
