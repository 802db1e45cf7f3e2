import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { DomainError, ERROR_STATUS } from '@virtual-care/domain';

export interface MappedDomainError {
  code: string;
  message: string;
  details: unknown;
  httpStatus: number;
  trpcCode: TRPC_ERROR_CODE_KEY;
}

/**
 * A DomainError as the transport sees it, through the domain's one exhaustive
 * code-to-status table (a new code without a mapping does not compile there).
 */
export function mapDomainError(cause: unknown): MappedDomainError | null {
  if (!(cause instanceof DomainError)) return null;
  const status = ERROR_STATUS[cause.code];
  return {
    code: cause.code,
    message: cause.message,
    details: cause.details ?? null,
    httpStatus: status.httpStatus,
    trpcCode: status.trpcCode,
  };
}
