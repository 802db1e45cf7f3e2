import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { SessionClaims } from '../context';
import type { BearerAuthConfig } from '../composition/api-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer[ ]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** Verifies `Authorization: Bearer <JWT>`; null when absent or not acceptable (the caller answers 401). */
export type BearerAuthenticator = (authorization: string | null) => Promise<SessionClaims | null>;

/**
 * Bearer tokens of non-browser callers, verified against the identity provider's key set (as a gateway like Kong
 * would forward them): signature, `iss`, `aud`, `exp`/`nbf`. The tenant comes from `tenant_id`, the roles from
 * `roles` (array or space-separated), the user from `sub` (a UUID), `email` and `name`.
 */
export function createBearerAuthenticator(config: BearerAuthConfig | null): BearerAuthenticator {
  if (!config) return () => Promise.resolve(null);
  const keys = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : createLocalJWKSet(config.jwks as unknown as JSONWebKeySet);
  const verified = new VerifiedTokenCache();
  return async (authorization) => {
    const token = BEARER.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return null;
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: 30,
      }));
    } catch {
      return null;
    }
    const claims = claimsOf(payload);
    if (claims && payload.exp !== undefined) verified.set(token, claims, payload.exp * 1000);
    return claims;
  };
}

const CACHE_MS = 60_000;
const CACHE_ENTRIES = 10_000;

/**
 * Claims of tokens whose signature was verified, for a minute at most and never past `exp`: an API client sends the
 * same token on every call, and an ES256/RS256 check costs more than the rest of a cheap request. Keyed by the whole
 * token, so any change of a byte is a miss and a full verification.
 */
class VerifiedTokenCache {
  private readonly entries = new Map<string, { claims: SessionClaims; until: number }>();

  get(token: string): SessionClaims | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (entry.until > Date.now()) return entry.claims;
    this.entries.delete(token);
    return null;
  }

  set(token: string, claims: SessionClaims, expiresAt: number): void {
    if (this.entries.size >= CACHE_ENTRIES) this.entries.clear(); // bounded; a flood only costs re-verification
    this.entries.set(token, { claims, until: Math.min(expiresAt, Date.now() + CACHE_MS) });
  }
}

function claimsOf(payload: JWTPayload): SessionClaims | null {
  const { sub } = payload;
  const tenantId = payload.tenant_id;
  if (
    typeof sub !== 'string' ||
    !UUID.test(sub) ||
    typeof tenantId !== 'string' ||
    !UUID.test(tenantId)
  )
    return null;
  const rawRoles = payload.roles;
  const roles = Array.isArray(rawRoles)
    ? rawRoles.filter((r): r is string => typeof r === 'string')
    : typeof rawRoles === 'string'
      ? rawRoles.split(' ')
      : [];
  const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 200) : '');
  return {
    user: { id: sub, email: text(payload.email), name: text(payload.name) },
    tenantId,
    tenantName: text(payload.tenant_name),
    roles,
  };
}
