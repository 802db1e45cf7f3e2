import { DomainError } from '@virtual-care/domain';
import type { RateLimits } from './rate-limits';

/** The refusals that say a join token is not one we issued (as opposed to expired, cancelled, removed, ...). */
const NOT_OURS = new Set(['TOKEN_INVALID', 'NOT_FOUND']);

/** Whether a join call's error (or the domain error a TRPCError wraps) refused the token as not ours. */
export function isRefusedAsNotOurs(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  return cause instanceof DomainError && NOT_OURS.has(cause.code);
}

/**
 * Runs a join call; when it refuses the token as not ours, counts that against the caller's address, and once the
 * address is over its limit answers RateLimitedError instead. A good token costs nothing here: whoever shares an
 * address with a guesser (a clinic's network, a carrier's NAT) still joins.
 */
export async function countingRefusedJoinTokens<T>(
  limits: RateLimits,
  address: string | null,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isRefusedAsNotOurs(error)) await limits.joinTokenRefused(address);
    throw error;
  }
}
