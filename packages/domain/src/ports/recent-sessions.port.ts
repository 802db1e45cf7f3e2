import type { SessionSnapshot } from '../session/virtual-session.aggregate';

/**
 * Sessions this process read lately, each forgotten as soon as any instance commits a change to it
 * (decision 0011). A recalled snapshot is as new as the last committed change, except that heartbeats
 * (`lastSeenAt`) do not make it forgotten and it may lack a participant added since: look one up afresh. Between a commit and its notice there is a moment (about a millisecond)
 * in which the old snapshot is still recalled, so only answers that grant nothing may be served from it.
 */
export interface RecentSessionsPort {
  /** The session as last read, or undefined when it is not known or may have changed since. */
  recall(tenantId: string, sessionId: string): SessionSnapshot | undefined;
  /** Reads with `read` and keeps the answer, unless a change to the session is committed while reading. */
  readThrough(
    tenantId: string,
    sessionId: string,
    read: () => Promise<SessionSnapshot | null>,
  ): Promise<SessionSnapshot | null>;
}
