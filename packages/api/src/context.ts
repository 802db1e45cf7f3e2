import { isRole, type Role } from './auth/role';
import { newUlid } from './composition/runtime-ports';

export interface ContextUser {
  id: string;
  email: string;
  name: string;
}

/** What every procedure knows about the caller. Built per request; no state survives it. */
export interface Context {
  user: ContextUser | null;
  tenantId: string | null;
  tenantName: string | null;
  roles: Role[];
  requestId: string;
}

/** The app's session as the web layer hands it over (next-auth's, already decoded). */
export interface SessionClaims {
  user: ContextUser;
  tenantId: string;
  tenantName: string;
  roles: readonly string[];
}

export function createContext(
  session: SessionClaims | null,
  requestId: string = newUlid(),
): Context {
  if (!session) {
    return { user: null, tenantId: null, tenantName: null, roles: [], requestId };
  }
  return {
    user: { id: session.user.id, email: session.user.email, name: session.user.name },
    tenantId: session.tenantId,
    tenantName: session.tenantName,
    // Roles come from a signed token, but an unknown string must never grant anything.
    roles: session.roles.filter(isRole),
    requestId,
  };
}
