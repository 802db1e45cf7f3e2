import { randomBytes } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import type { TenantFixture } from '../test/api/support/fixtures';

/**
 * The API server process's whole environment (spawn-server.ts passes nothing else), and this process's config for
 * the fixtures: the same strings. Bearer tokens are verified against `publicKey` (see signBearer).
 */
export async function apiEnvironment(
  databaseUrl: string,
  publicKey: CryptoKey,
  joinKey: Buffer,
): Promise<Record<string, string>> {
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' };
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '16',
    JOIN_TOKEN_KEYS: `k1:${joinKey.toString('base64url')}`,
    SECRET_STORE_MASTER_KEY: `m1:${randomBytes(32).toString('base64')}`,
    VIDEO_ALLOW_LOOPBACK_HTTP: 'true',
    API_JWT_ISSUER: 'bench',
    API_JWT_AUDIENCE: 'virtual-care-api',
    API_JWKS: JSON.stringify({ keys: [jwk] }),
    // One client creates sessions as fast as it can: limits far above the load keep every request counted (in
    // leases, decision 0035) without refusing any.
    RATE_LIMIT_PER_CLIENT: '1000000000',
    RATE_LIMIT_PER_TENANT: '1000000000',
    RATE_LIMIT_PER_ADDRESS: '1000000000',
  };
}

/** The tenant's clinician's bearer token, as the identity provider would issue it. */
export function signBearer(privateKey: CryptoKey, tenant: TenantFixture): Promise<string> {
  return new SignJWT({ tenant_id: tenant.tenantId, roles: ['clinician'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setSubject(tenant.clinicianId)
    .setIssuer('bench')
    .setAudience('virtual-care-api')
    .setExpirationTime('1h')
    .sign(privateKey);
}
