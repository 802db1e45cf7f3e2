import type { LiveEvents } from '../adapters/nats-live-events.adapter';
import { isRole, type Role } from '../auth/role';
import type { ApiServices } from '../composition/services';
import { newUlid } from '../composition/runtime-ports';

export interface ContextUser {
  id: string;
  email: string;
  name: string;
}

/**
 * What every procedure knows about the call. Built per request by whoever receives it (tRPC, REST, the join
 * routes, server components), from what the app's composition root hands over: nothing is found through
 * module state, so every way in works on a freshly started process.
 */
export interface Context {
  user: ContextUser | null;
  tenantId: string | null;
  tenantName: string | null;
  roles: Role[];
  requestId: string;
  /** The process's services; null only where no procedure needs them (guard tests, the health check). */
  services: ApiServices | null;
  /** The request's Idempotency-Key (REST only). */
  idempotencyKey: string | null;
  /** The process's NATS connection for live subscriptions; null without NATS (pages then poll). */
  liveEvents: LiveEvents | null;
  /** The caller's address as the trusted proxies tell it (clientAddressOf); null when not known. */
  clientAddress: string | null;
  /** What the procedure says about its answer besides the body; the REST face reads it. */
  reply: ReplyMeta;
}

export interface ReplyMeta {
  /** The HTTP status when it depends on the outcome (201 created vs 200 replayed); null = the default. */
  status: number | null;
}

/** The app's session as the web layer hands it over (next-auth's, already decoded). */
export interface SessionClaims {
  user: ContextUser;
  tenantId: string;
  tenantName: string;
  roles: readonly string[];
}

export interface ContextOptions {
  services?: ApiServices | null;
  requestId?: string | undefined;
  idempotencyKey?: string | null;
  liveEvents?: LiveEvents | null;
  clientAddress?: string | null;
}

export function createContext(
  session: SessionClaims | null,
  options: ContextOptions = {},
): Context {
  const call = {
    requestId: options.requestId ?? newUlid(),
    services: options.services ?? null,
    idempotencyKey: options.idempotencyKey ?? null,
    liveEvents: options.liveEvents ?? null,
    clientAddress: options.clientAddress ?? null,
    reply: { status: null },
  };
  if (!session) return { user: null, tenantId: null, tenantName: null, roles: [], ...call };
  return {
    user: { id: session.user.id, email: session.user.email, name: session.user.name },
    tenantId: session.tenantId,
    tenantName: session.tenantName,
    // Roles come from a signed token, but an unknown string must never grant anything.
    roles: session.roles.filter(isRole),
    ...call,
  };
}
