import { TRPCError } from '@trpc/server';
import { mapDomainError } from '../error-status';
import { IdempotencyKeyReusedError } from '../../composition/idempotency.store';

/** The one error body of the REST face: the spec's code, a message, details. */
export interface RestErrorBody {
  code: string;
  message: string;
  details: unknown;
}

const TRANSPORT: Record<string, { status: number; code: string }> = {
  PARSE_ERROR: { status: 400, code: 'VALIDATION_FAILED' },
  BAD_REQUEST: { status: 400, code: 'VALIDATION_FAILED' },
  UNAUTHORIZED: { status: 401, code: 'UNAUTHENTICATED' },
  FORBIDDEN: { status: 403, code: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, code: 'NOT_FOUND' },
  METHOD_NOT_SUPPORTED: { status: 405, code: 'METHOD_NOT_ALLOWED' },
  CONFLICT: { status: 409, code: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  UNPROCESSABLE_CONTENT: { status: 422, code: 'UNPROCESSABLE_CONTENT' },
  TOO_MANY_REQUESTS: { status: 429, code: 'TOO_MANY_REQUESTS' },
};

interface ZodLikeError {
  name: 'ZodError';
  issues: { path: PropertyKey[]; message: string }[];
}

function isZodError(cause: unknown): cause is ZodLikeError {
  return (
    cause instanceof Error &&
    cause.name === 'ZodError' &&
    Array.isArray((cause as Partial<ZodLikeError>).issues)
  );
}

/** Maps any error of a REST call to its status and body; unknown errors are 500 with the message withheld. */
export function restError(error: unknown): { status: number; body: RestErrorBody } {
  const trpc = error instanceof TRPCError ? error : null;
  const cause = trpc ? trpc.cause : error;
  const domain = mapDomainError(cause);
  if (domain)
    return {
      status: domain.httpStatus,
      body: { code: domain.code, message: domain.message, details: domain.details },
    };
  if (cause instanceof IdempotencyKeyReusedError) {
    return {
      status: 422,
      body: { code: cause.code, message: trpc?.message ?? cause.message, details: null },
    };
  }
  if (isZodError(cause)) {
    const details = cause.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    return {
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: 'The request is not valid', details },
    };
  }
  const mapped = trpc ? TRANSPORT[trpc.code] : undefined;
  if (trpc && mapped) {
    const message =
      trpc.code === 'PARSE_ERROR' ? 'The request body is not valid JSON' : trpc.message;
    return { status: mapped.status, body: { code: mapped.code, message, details: null } };
  }
  return {
    status: 500,
    body: { code: 'INTERNAL', message: 'Internal server error', details: null },
  };
}
