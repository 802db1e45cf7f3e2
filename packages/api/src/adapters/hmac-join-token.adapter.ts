import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { parseKeyring, type Keyring } from './keyring';
import {
  DomainError,
  type Clock,
  type JoinTokenClaims,
  type JoinTokenSignerPort,
  type ParticipantRole,
} from '@virtual-care/domain';

/**
 * JoinTokenSignerPort with HMAC-SHA256 (US-002). A token is
 *
 *     base64url(JSON {"kid", aud, tenantId, sessionId, participantId, role, nbf, exp}) "." base64url(HMAC-SHA256(key[kid], first part))
 *
 * `kid` is always the first member, so `verify` can pick the key with one anchored regex and check the
 * MAC (constant time) before anything in the token is parsed or believed. `aud` names the deployment whose
 * join page the token opens (the origin of PUBLIC_BASE_URL): a token another deployment signed, with a key
 * copied between them, is refused. Tokens issued before `aud` existed carry none and are accepted until the
 * key that signed them leaves JOIN_TOKEN_KEYS (decision 0036). Keys rotate by putting a new key first in
 * JOIN_TOKEN_KEYS: new tokens use it, tokens signed with the older keys still verify until the old key is
 * dropped. Everything is synchronous work on small buffers: the join endpoint's
 * throughput depends on it.
 */

/** JOIN_TOKEN_KEYS: the first key signs; older ones still verify tokens issued before a rotation. */
export type JoinTokenKeyring = Keyring;

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const MIN_KEY_BYTES = 32;
const MAX_TOKEN_LENGTH = 2048;
const ROLES: ReadonlySet<string> = new Set<ParticipantRole>([
  'provider',
  'patient',
  'interpreter',
  'observer',
]);
const KID_PREFIX = /^\{"kid":"([A-Za-z0-9_-]{1,32})",/;

/**
 * Parses JOIN_TOKEN_KEYS: `kid1:base64url,kid2:base64url,...`, the first being the signing key. Each key
 * must be at least 32 bytes.
 */
export function parseJoinTokenKeyring(value: string): JoinTokenKeyring {
  return parseKeyring(value, {
    source: 'JOIN_TOKEN_KEYS',
    kid: KID,
    encoding: 'base64url',
    bytes: { min: MIN_KEY_BYTES },
  });
}

/** The audience of this deployment's join tokens: the origin its links point at. */
export function joinTokenAudience(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).origin;
}

export function createHmacJoinTokenSigner(deps: {
  keyring: JoinTokenKeyring;
  /** See joinTokenAudience. */
  audience: string;
  clock?: Clock;
}): JoinTokenSignerPort {
  const { keyring, audience } = deps;
  const keyObjects = new Map<string, KeyObject>();
  for (const [kid, key] of keyring.keys) keyObjects.set(kid, createSecretKey(key));
  const signingKey = keyObjects.get(keyring.currentKid);
  if (!signingKey)
    throw new Error(`join-token keyring: current kid ${keyring.currentKid} has no key`);
  const nowSeconds = deps.clock
    ? () => Math.floor(deps.clock!.now().getTime() / 1000)
    : () => Math.floor(Date.now() / 1000);

  const mac = (key: KeyObject, payload: string): string =>
    createHmac('sha256', key).update(payload).digest('base64url');

  function sign(claims: JoinTokenClaims): string {
    // Explicit member order: kid first (see above), no other members than the audience and the claims.
    const json = JSON.stringify({
      kid: keyring.currentKid,
      aud: audience,
      tenantId: claims.tenantId,
      sessionId: claims.sessionId,
      participantId: claims.participantId,
      role: claims.role,
      nbf: claims.nbf,
      exp: claims.exp,
    });
    const payload = Buffer.from(json, 'utf8').toString('base64url');
    return `${payload}.${mac(signingKey!, payload)}`;
  }

  function verify(token: string): JoinTokenClaims {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH)
      throw invalid();
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) throw invalid();
    const payload = token.slice(0, dot);
    const givenMac = token.slice(dot + 1);
    const json = Buffer.from(payload, 'base64url').toString('utf8');
    const kid = KID_PREFIX.exec(json)?.[1];
    const key = kid === undefined ? undefined : keyObjects.get(kid);
    if (!key) throw invalid();
    // Compare the canonical encodings: base64url decoding is lenient about trailing bits, strings are not.
    const expected = Buffer.from(mac(key, payload), 'latin1');
    const given = Buffer.from(givenMac, 'latin1');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();

    // Authentic from here on; still check the shape before handing it to the domain.
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw invalid();
    }
    const claims = claimsOf(parsed);
    if (!claims) throw invalid();
    const aud = (parsed as { aud?: unknown }).aud;
    if (aud !== undefined && aud !== audience) throw invalid();
    if (nowSeconds() >= claims.exp)
      throw new DomainError('TOKEN_EXPIRED', 'The join link has expired');
    return claims;
  }

  return {
    // Synchronous work behind the async port: a rejected promise, not a throw, on a bad token.
    sign: (claims) => Promise.resolve().then(() => sign(claims)),
    verify: (token) => Promise.resolve().then(() => verify(token)),
  };
}

function claimsOf(value: unknown): JoinTokenClaims | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const { tenantId, sessionId, participantId, role, nbf, exp } = v;
  if (!isId(tenantId) || !isId(sessionId) || !isId(participantId)) return undefined;
  if (typeof role !== 'string' || !ROLES.has(role)) return undefined;
  if (!Number.isSafeInteger(nbf) || !Number.isSafeInteger(exp) || (nbf as number) > (exp as number))
    return undefined;
  return {
    tenantId,
    sessionId,
    participantId,
    role: role as ParticipantRole,
    nbf: nbf as number,
    exp: exp as number,
  };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 128;
}

function invalid(): DomainError {
  // One message for every failure: the caller learns nothing about which check failed.
  return new DomainError('TOKEN_INVALID', 'The join link is not valid');
}
