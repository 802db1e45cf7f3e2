import { SIGN_IN_POLICY } from '@virtual-care/api';
import { IDEMPOTENCY_KEY_LIFETIME_HOURS, type HousekeepingStore } from '@virtual-care/db';
import type { Logger } from 'pino';

export interface HousekeepingDeps {
  housekeeping: HousekeepingStore;
  log: Logger;
}

export interface HousekeepingCounts {
  idempotencyKeys: number;
  signInAttempts: number;
  inbox: number;
  rateLimitCounters: number;
}

/**
 * One pass of housekeeping: rows whose use is over are deleted, so these tables stop growing with traffic.
 * Idempotency keys after their lifetime, sign-in attempts once the throttle's window no longer counts them,
 * processed inbox rows after `inboxRetentionDays` (decision 0034), rate-limit counters an hour after their window
 * ended (decision 0035).
 */
export async function runHousekeepingPass(
  deps: HousekeepingDeps,
  inboxRetentionDays: number,
): Promise<HousekeepingCounts> {
  const counts = {
    idempotencyKeys: await deps.housekeeping.pruneIdempotencyKeys(
      IDEMPOTENCY_KEY_LIFETIME_HOURS * 3600,
    ),
    signInAttempts: await deps.housekeeping.pruneSignInAttempts(SIGN_IN_POLICY.windowMs / 1000),
    inbox: await deps.housekeeping.pruneInbox(inboxRetentionDays * 86_400),
    rateLimitCounters: await deps.housekeeping.pruneRateLimitCounters(3600),
  };
  if (Object.values(counts).some((n) => n > 0))
    deps.log.info(counts, 'housekeeping: expired rows deleted');
  return counts;
}
