import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import {
  createAttachmentRoute,
  createBearerAuthenticator,
  createRestHandler,
  createTranscribeRoute,
  type SessionClaims,
} from '../../src';
import { sessionCount } from './support/fixtures';
import { soon, useStack } from './support/stack';

const stack = useStack();
const SESSION_COOKIE = 'next-auth.session-token';
/** The app's public origin (PUBLIC_BASE_URL of the stack); the process itself is reached on an inner address. */
const PUBLIC_ORIGIN = 'http://localhost:3000';
const INNER_URL = 'http://10.0.0.7:3000/api/v1/virtual-care';

/** How the web app authenticates: a bearer token, else the sign-in cookie (here: the same signed claims). */
function cookieAuthenticator(): (request: Request) => Promise<SessionClaims | null> {
  const bearer = createBearerAuthenticator(stack.main.services.config.bearer);
  return (request) => {
    const authorization = request.headers.get('authorization');
    if (authorization) return bearer(authorization);
    const cookie = /next-auth\.session-token=([^;]+)/.exec(request.headers.get('cookie') ?? '');
    return bearer(cookie ? `Bearer ${cookie[1]}` : null);
  };
}

/** The REST face as the web app mounts it. */
function restFace(): (request: Request) => Promise<Response> {
  return createRestHandler({ services: stack.main.services, authenticate: cookieAuthenticator() });
}

interface Answer {
  status: number;
  body: { code?: string; message?: string };
}

async function createSessionWith(
  headers: Record<string, string>,
  patientId: string,
): Promise<Answer> {
  const response = await restFace()(
    new Request(`${INNER_URL}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ patientId, scheduledStart: soon() }),
    }),
  );
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('a cookie-authenticated change must come from the app itself', () => {
  it('another origin with the clinician cookie -> 403 FORBIDDEN, no session created', async () => {
    const t = await stack.tenant();
    const cookie = `${SESSION_COOKIE}=${t.token}`;
    const attempts: Array<Record<string, string>> = [
      { cookie, origin: 'http://localhost:4567' }, // a sibling site: SameSite=Lax still sends the cookie
      { cookie, origin: 'https://evil.example' },
      { cookie, origin: 'null', 'sec-fetch-site': 'cross-site' }, // a no-referrer page elsewhere
      { cookie, 'sec-fetch-site': 'same-site' }, // no Origin, and the browser says: not our own page
    ];
    for (const headers of attempts) {
      const refused = await createSessionWith(headers, t.patientId);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      expect(refused.body.message).toContain('another site is refused');
    }
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });

  it('the public origin, or Sec-Fetch-Site same-origin without a usable Origin, or a legacy browser -> created', async () => {
    const t = await stack.tenant();
    const cookie = `${SESSION_COOKIE}=${t.token}`;
    const fromPage = await createSessionWith({ cookie, origin: PUBLIC_ORIGIN }, t.patientId);
    expect(fromPage.status, JSON.stringify(fromPage.body)).toBe(201);
    const noOrigin = await createSessionWith(
      { cookie, 'sec-fetch-site': 'same-origin' },
      t.patientId,
    );
    expect(noOrigin.status, JSON.stringify(noOrigin.body)).toBe(201);
    // Our own no-referrer pages (join, async visit) send Origin: null; the browser still says same-origin.
    const noReferrer = await createSessionWith(
      { cookie, origin: 'null', 'sec-fetch-site': 'same-origin' },
      t.patientId,
    );
    expect(noReferrer.status, JSON.stringify(noReferrer.body)).toBe(201);
    // A browser older than Fetch Metadata sends neither; its cross-site pages get no SameSite cookie anyway.
    const legacy = await createSessionWith({ cookie }, t.patientId);
    expect(legacy.status, JSON.stringify(legacy.body)).toBe(201);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(4);
  });

  it('a bearer token without Origin (an API client) -> created; no credential at all -> 401', async () => {
    const t = await stack.tenant();
    const api = await createSessionWith({ authorization: `Bearer ${t.token}` }, t.patientId);
    expect(api.status, JSON.stringify(api.body)).toBe(201);
    const anonymous = await createSessionWith({ origin: 'https://evil.example' }, t.patientId);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(1);
  });
});

describe('the raw-body routes answer the same way', () => {
  it("another origin's photo upload and audio chunk on the cookie -> 403 FORBIDDEN", async () => {
    const t = await stack.tenant();
    const patientToken = await stack.tokenFor(randomUUID(), t.tenantId, ['patient']);
    const authenticate = cookieAuthenticator();
    const upload = await createAttachmentRoute({ services: stack.main.services, authenticate })(
      new Request(`${INNER_URL}/async-visits/attachments/${ulid()}`, {
        method: 'PUT',
        headers: {
          cookie: `${SESSION_COOKIE}=${patientToken}`,
          origin: 'https://evil.example',
          'content-type': 'image/jpeg',
        },
        body: new Uint8Array([0xff, 0xd8, 0xff]),
      }),
      ulid(),
    );
    const transcribe = await createTranscribeRoute({ services: stack.main.services, authenticate })(
      new Request(`${INNER_URL}/sessions/${randomUUID()}/ai/transcribe`, {
        method: 'POST',
        headers: {
          cookie: `${SESSION_COOKIE}=${t.token}`,
          origin: 'https://evil.example',
          'content-type': 'audio/wav',
        },
        body: new Uint8Array([1, 2, 3]),
      }),
      randomUUID(),
    );
    for (const response of [upload, transcribe]) {
      expect(response.status).toBe(403);
      const body = (await response.json()) as Answer['body'];
      expect(body.code).toBe('FORBIDDEN');
      expect(body.message).toContain('another site is refused');
    }
  });
});
