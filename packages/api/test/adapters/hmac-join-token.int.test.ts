import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDomainError, type JoinTokenClaims } from '@virtual-care/domain';
import {
  createHmacJoinTokenSigner,
  parseJoinTokenKeyring,
} from '../../src/adapters/hmac-join-token.adapter';

const key = () => randomBytes(32).toString('base64url');
const AUDIENCE = 'https://care.clinic.example';
const signerWith = (keys: string, audience = AUDIENCE) =>
  createHmacJoinTokenSigner({ keyring: parseJoinTokenKeyring(keys), audience });
const payloadOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
const now = Math.floor(Date.now() / 1000);
const claims: JoinTokenClaims = {
  tenantId: 'tnt_01J',
  sessionId: 'vsn_01J',
  participantId: 'vsp_01J',
  role: 'patient',
  nbf: now - 60,
  exp: now + 3600,
};

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return isDomainError(error) ? error.code : error === undefined ? undefined : 'NOT_A_DOMAIN_ERROR';
}

function flipChar(text: string, index: number): string {
  const c = text[index]!;
  return text.slice(0, index) + (c === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

describe('HMAC join token (US-002)', () => {
  const k2 = key();
  const keyring = parseJoinTokenKeyring(`k2:${k2},k1:${key()}`);
  const signer = createHmacJoinTokenSigner({ keyring, audience: AUDIENCE });

  it('parses the keyring: first entry is current; bad entries are named without key material', () => {
    expect(keyring.currentKid).toBe('k2');
    expect([...keyring.keys.keys()]).toEqual(['k2', 'k1']);
    expect(() => parseJoinTokenKeyring('')).toThrow(/empty/);
    expect(() => parseJoinTokenKeyring('short:AAAA')).toThrow(/at least 32 bytes/);
    expect(() => parseJoinTokenKeyring(`bad kid:${key()}`)).toThrow(/entry 1/);
  });

  it('valid token -> the same claims', async () => {
    const token = await signer.sign(claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(await signer.verify(token)).toEqual(claims);
  });

  it('tampered MAC -> TOKEN_INVALID', async () => {
    const token = await signer.sign(claims);
    expect(await codeOf(signer.verify(flipChar(token, token.length - 5)))).toBe('TOKEN_INVALID');
    expect(await codeOf(signer.verify(token.slice(0, -1)))).toBe('TOKEN_INVALID');
  });

  it('tampered claims (another participant) with the old MAC -> TOKEN_INVALID', async () => {
    const token = await signer.sign(claims);
    const [, mac] = token.split('.');
    const forged = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    forged.participantId = 'vsp_other';
    const forgedPayload = Buffer.from(JSON.stringify(forged)).toString('base64url');
    expect(await codeOf(signer.verify(`${forgedPayload}.${mac}`))).toBe('TOKEN_INVALID');
  });

  it('unknown kid -> TOKEN_INVALID, even with a MAC made by that other key', async () => {
    const stranger = signerWith(`k9:${key()}`);
    expect(await codeOf(signer.verify(await stranger.sign(claims)))).toBe('TOKEN_INVALID');
    // Same kid name, different key material: the MAC check refuses it.
    const impostor = signerWith(`k2:${key()}`);
    expect(await codeOf(signer.verify(await impostor.sign(claims)))).toBe('TOKEN_INVALID');
  });

  it('expired -> TOKEN_EXPIRED', async () => {
    const token = await signer.sign({ ...claims, nbf: now - 7200, exp: now - 1 });
    expect(await codeOf(signer.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('after rotation, tokens signed with the previous current key still verify', async () => {
    const k1 = key();
    const before = signerWith(`k1:${k1}`);
    const oldToken = await before.sign(claims);
    const after = signerWith(`k2:${key()},k1:${k1}`);
    expect(await after.verify(oldToken)).toEqual(claims);
    const newToken = await after.sign(claims);
    expect(
      (JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()) as { kid: string })
        .kid,
    ).toBe('k2');
    // Once k1 is dropped, its tokens stop working.
    const dropped = signerWith(`k2:${key()}`);
    expect(await codeOf(dropped.verify(oldToken))).toBe('TOKEN_INVALID');
  });

  it.each([
    '',
    '.',
    'abc',
    'a.b.c',
    'x'.repeat(5000),
    `${Buffer.from('{"kid":"k2"}').toString('base64url')}.`,
  ])('garbage %# -> TOKEN_INVALID', async (garbage) => {
    expect(await codeOf(signer.verify(garbage))).toBe('TOKEN_INVALID');
  });

  it('a token names its audience right after the key id', async () => {
    const token = await signer.sign(claims);
    expect(Object.keys(payloadOf(token)).slice(0, 2)).toEqual(['kid', 'aud']);
    expect(payloadOf(token).aud).toBe(AUDIENCE);
  });

  it('signed with our key for another deployment (another audience) -> TOKEN_INVALID', async () => {
    const staging = signerWith(`k2:${k2}`, 'https://staging.clinic.example');
    const theirs = await staging.sign(claims);
    expect(await staging.verify(theirs)).toEqual(claims); // authentic where it was meant for
    expect(await codeOf(signer.verify(theirs))).toBe('TOKEN_INVALID');
  });

  it('a link sent before tokens had an audience still opens; a malformed audience does not', async () => {
    const macked = (payload: Record<string, unknown>) => {
      const part = Buffer.from(JSON.stringify(payload)).toString('base64url');
      const mac = createHmac('sha256', Buffer.from(k2, 'base64url'))
        .update(part)
        .digest('base64url');
      return `${part}.${mac}`;
    };
    expect(await signer.verify(macked({ kid: 'k2', ...claims }))).toEqual(claims);
    for (const aud of [[AUDIENCE], null, '', AUDIENCE.toUpperCase()])
      expect(await codeOf(signer.verify(macked({ kid: 'k2', aud, ...claims })))).toBe(
        'TOKEN_INVALID',
      );
  });

  it('an authentic token with a wrong shape -> TOKEN_INVALID', async () => {
    const bad = await signer.sign({ ...claims, role: 'admin' as never });
    expect(await codeOf(signer.verify(bad))).toBe('TOKEN_INVALID');
  });
});
