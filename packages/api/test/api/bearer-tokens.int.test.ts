/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST and tRPC tests read untyped JSON bodies */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createBearerAuthenticator, createContext } from '../../src';
import { outboxTypes, sessionCount } from './support/fixtures';
import { AUDIENCE, ISSUER, soon, useStack, type Face } from './support/stack';

const stack = useStack();

const NOW = () => Math.floor(Date.now() / 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The identity provider of this file: its key pair, published to the API as API_JWKS. */
let idp: { privateKey: CryptoKey; publicKey: CryptoKey };
let face: Face;

beforeAll(async () => {
  idp = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  face = stack.face({ API_JWKS: JSON.stringify({ keys: [jwk] }) });
});

interface Claims {
  iss?: string;
  aud?: string;
  exp?: number | null;
  nbf?: number;
}

/** A token as the identity provider signs it for this clinician, with the given claims changed. */
function signed(user: { clinicianId: string; tenantId: string }, change: Claims = {}) {
  const jwt = new SignJWT({ tenant_id: user.tenantId, roles: ['clinician'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
    .setSubject(user.clinicianId)
    .setIssuer(change.iss ?? ISSUER)
    .setAudience(change.aud ?? AUDIENCE)
    .setIssuedAt();
  if (change.exp !== null) jwt.setExpirationTime(change.exp ?? NOW() + 600);
  if (change.nbf !== undefined) jwt.setNotBefore(change.nbf);
  return jwt.sign(idp.privateKey);
}

/** What an attacker can forge without the private key: the header says what they like. */
async function forgeries(user: { clinicianId: string; tenantId: string }) {
  const payload = base64url({
    sub: user.clinicianId,
    tenant_id: user.tenantId,
    roles: ['clinician', 'tenant_admin'],
    iss: ISSUER,
    aud: AUDIENCE,
    exp: NOW() + 600,
  });
  const publicPem = await exportSPKI(idp.publicKey);
  // The classic confusion: HS256 with the published public key as the HMAC secret.
  const hmacWithPublicKey = await new SignJWT({
    tenant_id: user.tenantId,
    roles: ['clinician'],
  })
    .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
    .setSubject(user.clinicianId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(NOW() + 600)
    .sign(new TextEncoder().encode(publicPem));
  const stranger = await generateKeyPair('ES256');
  const otherKeySameKid = await new SignJWT({ tenant_id: user.tenantId, roles: ['clinician'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
    .setSubject(user.clinicianId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime(NOW() + 600)
    .sign(stranger.privateKey);
  return {
    'alg none, empty signature': `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    'alg none, any signature': `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.AAAA`,
    'HS256 keyed with the public key': hmacWithPublicKey,
    'another key under the same kid': otherKeySameKid,
  };
}

async function createSession(token: string, patientId: string) {
  return face.call('POST', '/sessions', { token, body: { patientId, scheduledStart: soon() } });
}

/** The tRPC face as the web app mounts it (apps/web/src/app/api/trpc), with the bearer token as the caller. */
async function createSessionOverTrpc(token: string, patientId: string) {
  const bearer = createBearerAuthenticator(face.services.config.bearer);
  const request = new Request('http://localhost:3000/api/trpc/sessions.create', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ json: { patientId, scheduledStart: soon() } }),
  });
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: async () =>
      createContext(await bearer(request.headers.get('authorization')), {
        services: face.services,
      }),
  });
  const body = (await response.json()) as { error?: { json?: { data?: { code?: string } } } };
  return { status: response.status, code: body.error?.json?.data?.code };
}

describe('bearer tokens: only what the identity provider signed for us, while it is valid', () => {
  it('a valid token creates a session (the control for every refusal below)', async () => {
    const t = await stack.tenant();
    const res = await createSession(await signed(t), t.patientId);
    expect(res.status).toBe(201);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(1);
  });

  it('wrong issuer, wrong audience, expired, not yet valid, no expiry -> 401 UNAUTHENTICATED, nothing written', async () => {
    const t = await stack.tenant();
    const now = NOW();
    const refused: Record<string, Claims> = {
      'another issuer': { iss: 'https://idp.elsewhere.example' },
      'another audience': { aud: 'some-other-api' },
      'expired two minutes ago': { exp: now - 120 },
      'valid only in two minutes': { nbf: now + 120 },
      'no expiry at all': { exp: null },
    };
    for (const [why, change] of Object.entries(refused)) {
      const res = await createSession(await signed(t, change), t.patientId);
      expect({ why, status: res.status, code: res.body?.code }).toEqual({
        why,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    expect(await outboxTypes(stack.admin, t.tenantId)).toEqual([]);
  });

  it('forged algorithms (none, HS256 with the public key, another key) -> 401 UNAUTHENTICATED on REST and tRPC, nothing written', async () => {
    const t = await stack.tenant();
    for (const [why, token] of Object.entries(await forgeries(t))) {
      const rest = await createSession(token, t.patientId);
      expect({ why, status: rest.status, code: rest.body?.code }).toEqual({
        why,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
      const trpc = await createSessionOverTrpc(token, t.patientId);
      expect({ why, ...trpc }).toEqual({ why, status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    expect(await outboxTypes(stack.admin, t.tenantId)).toEqual([]);
  });
});
