import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { DomainError } from '@virtual-care/domain';
import { IdempotencyKeyReusedError } from '../composition/idempotency.store';
import { ERROR_STATUS, TRPC_ERRORS, type ApiErrorCode } from './error-status';
import { RateLimitedError } from './rate-limit/rate-limited.error';

/** The body every client gets for an error, on every way in (REST, tRPC, the join routes). */
export interface ErrorBody {
  code: ApiErrorCode;
  message: string;
  details: unknown;
}

export interface RenderedError {
  httpStatus: number;
  trpcCode: TRPC_ERROR_CODE_KEY;
  body: ErrorBody;
}

const WITHHELD = 'Internal server error';

interface ZodLikeError {
  name: 'ZodError';
  issues: { path: PropertyKey[]; message: string }[];
}

/** By shape, not class: zod errors may come from another copy of zod (trpc-to-openapi's). */
function isZodError(cause: unknown): cause is ZodLikeError {
  return (
    cause instanceof Error &&
    cause.name === 'ZodError' &&
    Array.isArray((cause as Partial<ZodLikeError>).issues)
  );
}

/**
 * The one translation of an error into an answer. Domain errors keep their spec code, message and details; invalid
 * input lists its issues; tRPC's own refusals get our codes; anything unexpected is 500 INTERNAL with the message
 * withheld (it may hold internals or PHI).
 */
export function renderError(error: unknown): RenderedError {
  const trpc = error instanceof TRPCError ? error : null;
  const cause = trpc?.cause ?? error;
  if (cause instanceof DomainError) {
    const status = ERROR_STATUS[cause.code];
    return {
      ...status,
      body: { code: cause.code, message: cause.message, details: cause.details ?? null },
    };
  }
  if (cause instanceof IdempotencyKeyReusedError) {
    return {
      httpStatus: 422,
      trpcCode: 'UNPROCESSABLE_CONTENT',
      body: { code: cause.code, message: cause.message, details: null },
    };
  }
  if (cause instanceof RateLimitedError) {
    return {
      httpStatus: 429,
      trpcCode: 'TOO_MANY_REQUESTS',
      body: {
        code: cause.code,
        message: cause.message,
        details: { limit: cause.limit, retryAfterSeconds: cause.retryAfterSeconds },
      },
    };
  }
  if (isZodError(cause)) {
    const details = cause.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    return {
      httpStatus: 400,
      trpcCode: 'BAD_REQUEST',
      body: { code: 'VALIDATION_FAILED', message: validationMessage(details), details },
    };
  }
  const transport = trpc ? TRPC_ERRORS[trpc.code] : TRPC_ERRORS.INTERNAL_SERVER_ERROR;
  const trpcCode = trpc?.code ?? 'INTERNAL_SERVER_ERROR';
  const message =
    transport.httpStatus >= 500
      ? WITHHELD
      : trpc?.code === 'PARSE_ERROR'
        ? 'The request body is not valid JSON'
        : (trpc?.message ?? WITHHELD);
  return {
    httpStatus: transport.httpStatus,
    trpcCode,
    body: { code: transport.code, message, details: null },
  };
}

/** Names the fields at fault ("expectedVersion: is required"), so the answer says what to fix without its details. */
function validationMessage(issues: readonly { path: string; message: string }[]): string {
  const named = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `The request is not valid: ${named.join('; ')}${more}`;
}
