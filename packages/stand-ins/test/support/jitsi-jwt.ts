import { createHmac } from 'node:crypto';

/** An HS256 token as a Jitsi deployment's token auth takes it: `aud` jitsi, the app id as `iss`, one room. */
export function signJitsiJwt(
  secret: string,
  claims: { iss: string; room: string; exp?: number; user: Record<string, unknown> },
): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    aud: 'jitsi',
    iss: claims.iss,
    sub: '*',
    room: claims.room,
    nbf: now - 10,
    exp: claims.exp ?? now + 600,
    context: { user: claims.user },
  })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
