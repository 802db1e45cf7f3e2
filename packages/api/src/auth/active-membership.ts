import type { Role } from './role';
import type { SignInMembership } from './sign-in-directory.port';

export interface ActiveTenant {
  tenantId: string;
  tenantName: string;
  roles: Role[];
}

/**
 * Chooses the tenant a session acts in. A user with several tenants gets the
 * preferred one when they hold it (a tenant switcher passes it), else the first.
 * All roles the user holds in that tenant come along.
 */
export function selectActiveTenant(
  memberships: readonly SignInMembership[],
  preferredTenantId?: string | null,
): ActiveTenant | null {
  const chosen = memberships.find((m) => m.tenantId === preferredTenantId) ?? memberships[0];
  if (!chosen) return null;
  const roles = [
    ...new Set(memberships.filter((m) => m.tenantId === chosen.tenantId).map((m) => m.role)),
  ];
  return { tenantId: chosen.tenantId, tenantName: chosen.tenantName, roles };
}
