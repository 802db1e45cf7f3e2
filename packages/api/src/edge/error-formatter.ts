import type { TRPCError } from '@trpc/server';
import { renderError, type ErrorBody } from './render-error';

/** The tRPC face's `error.data`: the one error body, plus where it happened. */
export interface ClientErrorData extends ErrorBody {
  httpStatus: number;
  path: string | undefined;
}

/** tRPC's errorFormatter: the body from renderError, with the status tRPC answers with. */
export function toClientErrorData(
  error: TRPCError,
  httpStatus: number,
  path: string | undefined,
): ClientErrorData {
  return { ...renderError(error).body, httpStatus, path };
}
