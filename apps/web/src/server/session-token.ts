import { isRole, type Role, type SessionClaims, type SignedInUser } from '@virtual-care/api';
import type { JWT } from 'next-auth/jwt';

/** Claims our JWT carries beyond next-auth's defaults (sub = user id). */
export interface AppTokenClaims {
  tenantId: string;
  tenantName: string;
  roles: Role[];
}

export function tokenFromSignedInUser(user: SignedInUser): JWT {
  return {
    sub: user.id,
    email: user.email,
    name: user.name,
    tenantId: user.tenantId,
    tenantName: user.tenantName,
    roles: user.roles,
  };
}

/** Reads our claims back out of a decoded token; anything malformed means "not signed in". */
export function claimsFromToken(token: JWT | null | undefined): SessionClaims | null {
  if (!token?.sub || !token.tenantId || !Array.isArray(token.roles)) return null;
  return {
    user: { id: token.sub, email: token.email ?? '', name: token.name ?? '' },
    tenantId: token.tenantId,
    tenantName: token.tenantName ?? '',
    roles: token.roles.filter(isRole),
  };
}
