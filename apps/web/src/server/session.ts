import { isRole, type Role, type SessionClaims } from '@virtual-care/api';
import { getServerSession } from 'next-auth';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { getAuthOptions } from './auth-options';
import { getServices } from './composition';

/**
 * The signed-in caller for this request (decoded once per request), or null. The cookie's roles were true at
 * sign-in; the membership table decides what they are now, so a removed user is signed out and a changed role
 * applies within a minute (decision 0037).
 */
export const getSessionClaims = cache(async (): Promise<SessionClaims | null> => {
  const session = await getServerSession(getAuthOptions());
  if (!session?.user?.id || !session.tenantId) return null;
  return getServices().sessionRoles({
    user: { id: session.user.id, email: session.user.email, name: session.user.name },
    tenantId: session.tenantId,
    tenantName: session.tenantName,
    roles: (session.roles ?? []).filter(isRole),
  });
});

/**
 * The caller of an API request: `Authorization: Bearer <JWT>` (verified against the identity provider's keys)
 * for engineers' clients, else the browser's sign-in cookie. A bad bearer token is no caller at all (401), never
 * a fallback to the cookie.
 */
export function getRequestClaims(request: Request): Promise<SessionClaims | null> {
  const authorization = request.headers.get('authorization');
  return authorization ? getServices().bearer(authorization) : getSessionClaims();
}

/**
 * Server-side guard for a page or layout: no session -> /signin (coming back
 * here after), wrong role -> the 403 page.
 */
export async function requireRole(
  roles: readonly Role[],
  returnTo: string,
): Promise<SessionClaims> {
  const session = await getSessionClaims();
  if (!session) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!session.roles.some((role) => roles.includes(role as Role))) forbidden();
  return session;
}

/** Where each role lands after sign-in; clinicians first when a user holds several roles. */
export function homePathFor(roles: readonly string[]): string {
  if (roles.includes('clinician')) return '/clinician';
  if (roles.includes('tenant_admin')) return '/admin/settings';
  if (roles.includes('patient')) return '/portal';
  return '/signin';
}
