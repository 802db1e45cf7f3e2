import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  listenOnLoopback,
  sendJson,
  sleep,
  type RunningStandIn,
  type StandInOptions,
} from './http-server';
import { createSignalling } from './jitsi-meet.signalling';
import { roomPageHtml } from './jitsi-meet.room-page';
import { EXTERNAL_API_JS } from './jitsi-meet.stand-in.assets';

export interface JitsiStandInOptions extends StandInOptions {
  /**
   * When set, room pages check the `jwt` like prosody's token auth would (HS256 with this secret, aud
   * "jitsi", iss = appId when given, room, nbf/exp) and answer 401 for a bad one. Without it, tokens are
   * only recorded.
   */
  jwtSecret?: string;
  appId?: string;
}

export interface RecordedJoin {
  room: string;
  jwt: string;
  /** Result of the stand-in's own check; 'unchecked' when no jwtSecret was given. */
  verdict: 'valid' | 'invalid' | 'unchecked';
  at: Date;
}

export interface JitsiMeetStandIn extends RunningStandIn {
  /** Health endpoint `/about/health` answers 200 (true) or 503 (false). */
  setHealthy(healthy: boolean): void;
  /** Delay before the health endpoint answers, to exercise the caller's timeout. */
  setHealthDelay(ms: number): void;
  /** Health endpoint and room pages answer 429 with a quota error body, like a deployment out of capacity. */
  setQuotaExceeded(exceeded: boolean): void;
  /** JWTs received on room pages, oldest first. */
  joins(): RecordedJoin[];
  healthRequestCount(): number;
}

/**
 * Local stand-in for a self-hosted Jitsi Meet deployment, for the demo and the tests. Plain HTTP on
 * 127.0.0.1 only. It serves what our product touches:
 *
 *   GET /about/health     the health endpoint (jicofo/JVB semantics: 200 healthy, 503 not; 429 over quota)
 *   GET /external_api.js  an IFrame API (`JitsiMeetExternalAPI`) that embeds this stand-in's room page
 *   GET /{room}?jwt=...   the room page: "Local Jitsi stand-in", the participant's name from the JWT, and a
 *                         real call: the room's pages connect to each other with WebRTC (a full mesh, host
 *                         candidates only, no STUN/TURN and no media server), fine for 2-4 people; a moderator
 *                         (the JWT's `context.user.moderator`) may kick another (IFrame API `kickParticipant`)
 *   /_signal/{room}...    the signalling those pages use (jitsi-meet.signalling.ts)
 */
/** What a deployment over its conference quota answers, on the health endpoint and room pages alike. */
const QUOTA_EXCEEDED = { error: 'quota_exceeded', message: 'Conference quota exceeded' };

export async function startJitsiMeetStandIn(
  options: JitsiStandInOptions = {},
): Promise<JitsiMeetStandIn> {
  let healthy = true;
  let healthDelayMs = 0;
  let quotaExceeded = false;
  let healthRequests = 0;
  const joins: RecordedJoin[] = [];
  const signalling = createSignalling();

  const server = await listenOnLoopback(async (req, res, url) => {
    if (await signalling.handle(req, res, url)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'method_not_allowed' });
    if (url.pathname === '/about/health') {
      healthRequests += 1;
      if (healthDelayMs > 0) await sleep(healthDelayMs);
      if (quotaExceeded) return sendJson(res, 429, QUOTA_EXCEEDED);
      res.writeHead(healthy ? 200 : 503, {
        'content-type': 'application/json',
        'content-length': '0',
      });
      return res.end();
    }
    if (url.pathname === '/external_api.js') {
      res.writeHead(200, {
        'content-type': 'application/javascript; charset=utf-8',
        'cache-control': 'no-cache',
        'access-control-allow-origin': '*',
      });
      return res.end(EXTERNAL_API_JS);
    }
    const room = decodeRoom(url.pathname);
    if (!room) return sendJson(res, 404, { error: 'not_found' });
    if (quotaExceeded) return sendJson(res, 429, QUOTA_EXCEEDED);

    const jwt = url.searchParams.get('jwt');
    let claims: Record<string, unknown> | undefined;
    let verdict: RecordedJoin['verdict'] = 'unchecked';
    if (jwt) {
      claims = decodePayload(jwt);
      if (options.jwtSecret)
        verdict = verifyJitsiJwt(jwt, room, options.jwtSecret, options.appId) ? 'valid' : 'invalid';
      joins.push({ room, jwt, verdict, at: new Date() });
    }
    const user = (
      claims?.context as
        { user?: { name?: unknown; id?: unknown; moderator?: unknown } } | undefined
    )?.user;
    const displayName = typeof user?.name === 'string' ? user.name : null;
    const authFailed = verdict === 'invalid';
    const moderator = user?.moderator === true || user?.moderator === 'true';
    const page = roomPageHtml({
      room,
      displayName,
      moderator,
      authFailed,
      // With a secret, only a page whose JWT passed the check may join the call (signalling needs the ticket).
      ticket:
        options.jwtSecret && verdict !== 'valid'
          ? null
          : signalling.issueTicket(room, {
              displayName,
              moderator,
              expiresAt: typeof claims?.exp === 'number' ? claims.exp : null,
            }),
    });
    res.writeHead(verdict === 'invalid' ? 401 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end(req.method === 'HEAD' ? undefined : page);
  }, options);

  return {
    ...server,
    stop: async () => {
      signalling.close();
      await server.stop();
    },
    setHealthy: (value) => void (healthy = value),
    setHealthDelay: (ms) => void (healthDelayMs = ms),
    setQuotaExceeded: (value) => void (quotaExceeded = value),
    joins: () => [...joins],
    healthRequestCount: () => healthRequests,
  };
}

/** `/room-name` -> `room-name`; anything deeper or with odd characters is not a room. */
function decodeRoom(pathname: string): string | undefined {
  const match = /^\/([^/]{1,128})$/.exec(pathname);
  if (!match?.[1]) return undefined;
  let room: string;
  try {
    room = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(room) ? room : undefined;
}

function decodePayload(jwt: string): Record<string, unknown> | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What prosody's token auth checks for an HS256 token on a /ROOM conference. */
function verifyJitsiJwt(
  jwt: string,
  room: string,
  secret: string,
  appId: string | undefined,
): boolean {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return false;
  const expected = Buffer.from(
    createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'),
  );
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  const head = decodeSegment(header);
  const claims = decodePayload(jwt);
  if (head?.alg !== 'HS256' || !claims) return false;
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number' || now >= claims.exp) return false;
  if (typeof claims.nbf === 'number' && now < claims.nbf) return false;
  if (claims.aud !== 'jitsi') return false;
  if (appId !== undefined && claims.iss !== appId) return false;
  return claims.room === '*' || claims.room === room;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return undefined;
  }
}
