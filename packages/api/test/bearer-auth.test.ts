import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBearerAuthenticator } from '../src/edge/bearer-auth';

const TENANT = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e01';
const USER = '8b3e4c6a-af5d-4e7c-9a91-2c3d4e5f6a01';

async function identityProvider() {
  const keys = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' };
  const authenticate = createBearerAuthenticator({
    issuer: 'https://idp.example',
    audience: 'virtual-care-api',
    jwks: { keys: [jwk] },
    jwksUrl: null,
  });
  const token = (expiresInSeconds: number, claims: Record<string, unknown> = {}) =>
    new SignJWT({ tenant_id: TENANT, roles: ['clinician'], ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject(USER)
      .setIssuer('https://idp.example')
      .setAudience('virtual-care-api')
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(keys.privateKey);
  return { authenticate, token };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('bearer authenticator', () => {
  it('accepts a verified token, and answers a repeat from its cache until the token expires', async () => {
    const { authenticate, token } = await identityProvider();
    const jwt = await token(120);
    const first = await authenticate(`Bearer ${jwt}`);
    expect(first).toMatchObject({ tenantId: TENANT, user: { id: USER }, roles: ['clinician'] });
    expect(await authenticate(`Bearer ${jwt}`)).toBe(first); // the cached claims, not a new verification

    vi.useFakeTimers({ now: Date.now() + 160_000, toFake: ['Date'] });
    expect(await authenticate(`Bearer ${jwt}`)).toBeNull(); // past exp (+30 s tolerance): verified again, refused
  });

  it('a token changed in any byte is verified again and refused', async () => {
    const { authenticate, token } = await identityProvider();
    const jwt = await token(120);
    expect(await authenticate(`Bearer ${jwt}`)).not.toBeNull();
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(await authenticate(`Bearer ${header}.${payload}.${flipped}`)).toBeNull();
  });

  it('a token without a tenant is refused, and stays refused', async () => {
    const { authenticate, token } = await identityProvider();
    const jwt = await token(120, { tenant_id: 'not-a-uuid' });
    expect(await authenticate(`Bearer ${jwt}`)).toBeNull();
    expect(await authenticate(`Bearer ${jwt}`)).toBeNull();
  });
});
