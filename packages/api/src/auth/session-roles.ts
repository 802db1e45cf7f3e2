import type { SessionClaims } from '../edge/context';
import { ExpiringCache } from '../composition/expiring-cache';
import { isRole, type Role } from './role';

/** Where the roles a user holds in a tenant are kept now (tenant_memberships). */
export interface MembershipDirectory {
  rolesInTenant(userId: string, tenantId: string): Promise<readonly Role[]>;
}

/**
 * How long a process may act on the roles it last read for a signed-in user: the most a removed clinician, or one
 * whose role was changed, keeps the old access (decision 0037).
 */
export const SESSION_ROLES_RECHECK_MS = 60_000;

/** The session as the membership table allows it now: its roles replaced by the current ones; null when none. */
export type SessionRolesRecheck = (claims: SessionClaims) => Promise<SessionClaims | null>;

/**
 * The sign-in cookie is an 8-hour JWT whose roles were true at sign-in. Each request's session goes through this
 * before anything trusts its roles: the user's memberships in the session's tenant, read at most once per
 * SESSION_ROLES_RECHECK_MS per user and tenant in this process, decide what it may do now.
 */
export function createSessionRolesRecheck(deps: {
  directory: MembershipDirectory;
  now?: () => number;
}): SessionRolesRecheck {
  const now = deps.now ?? Date.now;
  // Bounded like the bearer cache: a flood of users costs re-reads, never memory.
  const current = new ExpiringCache<string, readonly Role[]>(10_000);
  return async (claims) => {
    const roles = await current.remember(
      `${claims.user.id}:${claims.tenantId}`,
      now(),
      SESSION_ROLES_RECHECK_MS,
      async () =>
        (await deps.directory.rolesInTenant(claims.user.id, claims.tenantId)).filter(isRole),
    );
    return roles.length > 0 ? { ...claims, roles } : null;
  };
}
