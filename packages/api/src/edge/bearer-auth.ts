import {
  createLocalJWKSet,
  createRemoteJWKSet,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import type { SessionClaims } from './context';
import type { BearerAuthConfig } from '../config/api.env';
import { ExpiringCache } from '../composition/expiring-cache';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer[ ]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/** Verifies `Authorization: Bearer <JWT>`; null when absent or not acceptable (the caller answers 401). */
export type BearerAuthenticator = (authorization: string | null) => Promise<SessionClaims | null>;

/**
 * Bearer tokens of non-browser callers, verified against the identity provider's key set (as a gateway like Kong
 * would forward them): signature, `iss`, `aud`, `exp` (required) and `nbf`. The tenant comes from `tenant_id`, the
 * roles from `roles` (array or space-separated), the user from `sub` (a UUID), `email` and `name`. Every failure is
 * the same null, so the caller gets one 401 UNAUTHENTICATED and learns nothing about which check failed
 * (decision 0036).
 */
export function createBearerAuthenticator(config: BearerAuthConfig | null): BearerAuthenticator {
  if (!config) return () => Promise.resolve(null);
  const keys = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : createLocalJWKSet(config.jwks as unknown as JSONWebKeySet);
  // Claims of verified tokens, for a minute at most and never past `exp`: an API client sends the same token on
  // every call, and an ES256/RS256 check costs more than the rest of a cheap request. Keyed by the whole token,
  // so any change of a byte is a miss and a full verification.
  const verified = new ExpiringCache<string, SessionClaims>(10_000);
  return async (authorization) => {
    const token = BEARER.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return null;
    const known = verified.get(token, Date.now());
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        // Asymmetric only: `none` and HS256 (keyed with our public key, the classic forgery) never verify.
        algorithms: ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'],
        clockTolerance: 30,
        // jose accepts a token without `exp`; one would then grant access for ever.
        requiredClaims: ['exp'],
      }));
    } catch {
      return null;
    }
    const claims = claimsOf(payload);
    if (claims && payload.exp !== undefined)
      verified.set(token, claims, Math.min(payload.exp * 1000, Date.now() + CACHE_MS));
    return claims;
  };
}

const CACHE_MS = 60_000;

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
