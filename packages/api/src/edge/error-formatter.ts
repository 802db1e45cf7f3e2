import type { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { mapDomainError } from './error-status';

/** The body every client gets for an error: `{ code, message, details }` (DESIGN.md, Errors). */
export interface ClientErrorData {
  code: string;
  message: string;
  details: unknown;
  httpStatus: number;
  path: string | undefined;
}

const WITHHELD = 'Internal server error';

/**
 * Turns any error into the client shape. Domain errors keep their spec code;
 * input errors carry zod's issues; anything unexpected becomes a 500 whose
 * message is withheld (it may hold internals or PHI).
 */
export function toClientErrorData(
  error: TRPCError,
  httpStatus: number,
  path: string | undefined,
): ClientErrorData {
  const domain = mapDomainError(error.cause);
  if (domain) {
    return {
      code: domain.code,
      message: domain.message,
      details: domain.details,
      httpStatus,
      path,
    };
  }
  if (error.cause instanceof ZodError) {
    return {
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid',
      details: error.cause.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      httpStatus,
      path,
    };
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    return { code: error.code, message: WITHHELD, details: null, httpStatus, path };
  }
  return { code: error.code, message: error.message, details: null, httpStatus, path };
}
