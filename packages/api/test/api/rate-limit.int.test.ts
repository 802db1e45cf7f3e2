/* eslint-disable @typescript-eslint/no-unsafe-member-access -- black-box REST tests read untyped JSON bodies */
import { afterAll, describe, expect, it } from 'vitest';
import { recordFigure } from '../../../../scripts/lib/security-figures.mjs';
import {
  createBearerAuthenticator,
  createRestHandler,
  createTrpcHandler,
  type ApiServices,
} from '../../src';
import { sessionCount } from './support/fixtures';
import { createSession } from './support/flows';
import { soon, useStack, type Face } from './support/stack';

const stack = useStack();
/** A REST answer, its body read as JSON. */
type Answer = Awaited<ReturnType<Face['call']>>;

/** Windows far longer than a test, so no count resets halfway: every figure below is exact. */
const LIMITS = {
  RATE_LIMIT_WINDOW_SECONDS: '600',
  RATE_LIMIT_PER_CLIENT: '40',
  RATE_LIMIT_PER_TENANT: '1000',
  RATE_LIMIT_PER_ADDRESS: '1000',
  RATE_LIMIT_JOIN_FAILURES_PER_ADDRESS: '10',
  RATE_LIMIT_JOIN_FAILURE_WINDOW_SECONDS: '600',
};

/** Requests let through above each limit, for the report (goal 0). */
const aboveLimit: Record<string, { limit: number; letThrough: number; above: number }> = {};

/** Two instances of the web app on one database: each its own services, pools and memory. */
function twoInstances(env: Record<string, string> = {}): [Face, Face] {
  return [stack.face({ ...LIMITS, ...env }), stack.face({ ...LIMITS, ...env })];
}

/** `count` calls alternating between the instances; how many were let through, and every answer. */
async function alternate(
  instances: [Face, Face],
  count: number,
  send: (face: Face) => Promise<Answer>,
): Promise<{ ok: number; answers: Answer[] }> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i++) answers.push(await send(instances[i % 2]!));
  return { ok: answers.filter((a) => a.status < 400).length, answers };
}

function expectTooManyRequests(answer: Answer, limit: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(429);
  expect(answer.body.code).toBe('TOO_MANY_REQUESTS');
  expect(answer.body.details.limit).toBe(limit);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(600);
  expect(answer.body.details.retryAfterSeconds).toBe(retryAfter);
}

function tamperedToken(token: string): string {
  const [payload, mac] = token.split('.') as [string, string];
  return `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
}

afterAll(() => {
  const limits = Object.entries(aboveLimit);
  recordFigure({
    name: 'requests let through above the limit',
    value: limits.reduce((n, [, l]) => n + l.above, 0),
    goal: 0,
    unit: `over ${limits.length} limits, two instances: ${limits
      .map(([name, l]) => `${name} ${l.letThrough}/${l.limit}`)
      .join(', ')}`,
  });
});

describe('issue 19 / decision 0035: rate limits hold across instances', () => {
  it('a client over its limit through instance A is refused on instance B too, with 429 and Retry-After', async () => {
    const t = await stack.tenant();
    const instances = twoInstances();
    const list = (face: Face) => face.call('GET', '/sessions', { token: t.token });
    const { ok, answers } = await alternate(instances, 60, list);
    aboveLimit.client = { limit: 40, letThrough: ok, above: Math.max(0, ok - 40) };
    expect(ok).toBe(40);
    expect(answers.slice(0, 40).every((a) => a.status === 200)).toBe(true);
    for (const refused of answers.slice(40)) expectTooManyRequests(refused, 'client');
    // Refused on both: the last two answers came from A and from B.
    expectTooManyRequests(await list(instances[0]), 'client');
    expectTooManyRequests(await list(instances[1]), 'client');
    // Another tenant's clinician is not touched.
    const other = await stack.tenant();
    expect((await instances[1].call('GET', '/sessions', { token: other.token })).status).toBe(200);
  });

  it('a concurrent burst on both instances never lets more than the limit through', async () => {
    const t = await stack.tenant();
    const [a, b] = twoInstances({ RATE_LIMIT_PER_CLIENT: '100' });
    const answers = await Promise.all(
      Array.from({ length: 160 }, (_, i) =>
        (i % 2 ? a : b).call('GET', '/sessions', { token: t.token }),
      ),
    );
    const ok = answers.filter((x) => x.status === 200).length;
    aboveLimit.concurrentClient = { limit: 100, letThrough: ok, above: Math.max(0, ok - 100) };
    expect(ok).toBeLessThanOrEqual(100);
    // What leases (5 points here) cost: an instance may be left holding up to 4 unspent when the other is refused.
    expect(ok).toBeGreaterThanOrEqual(100 - 2 * 4);
    for (const refused of answers.filter((x) => x.status !== 200))
      expectTooManyRequests(refused, 'client');
  });

  it('a refused create stores nothing', async () => {
    const t = await stack.tenant();
    const [a, b] = twoInstances({ RATE_LIMIT_PER_CLIENT: '2' });
    const create = (face: Face) =>
      face.call('POST', '/sessions', {
        token: t.token,
        body: { patientId: t.patientId, scheduledStart: soon() },
      });
    expect((await create(a)).status).toBe(201);
    expect((await create(b)).status).toBe(201);
    expectTooManyRequests(await create(a), 'client');
    expectTooManyRequests(await create(b), 'client');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(2);
    aboveLimit.create = { limit: 2, letThrough: 2, above: 0 };
  });

  it("a tenant's limit holds for all its callers together, and leaves other tenants alone", async () => {
    const t = await stack.tenant();
    const other = await stack.tenant();
    const instances = twoInstances({ RATE_LIMIT_PER_CLIENT: '1000', RATE_LIMIT_PER_TENANT: '30' });
    const { ok, answers } = await alternate(instances, 45, (face) =>
      face.call('GET', '/sessions', { token: t.token }),
    );
    aboveLimit.tenant = { limit: 30, letThrough: ok, above: Math.max(0, ok - 30) };
    expect(ok).toBe(30);
    expectTooManyRequests(answers.at(-1)!, 'tenant');
    expect((await instances[0].call('GET', '/sessions', { token: other.token })).status).toBe(200);
  });

  it('an address over its limit is refused on both instances; another address is not', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const instances = twoInstances({ RATE_LIMIT_PER_ADDRESS: '25' });
    const open = (face: Face, address: string) =>
      face.call('GET', `/sessions/join?token=${encodeURIComponent(s.patientToken)}`, {
        headers: { 'x-forwarded-for': address },
      });
    const { ok, answers } = await alternate(instances, 35, (face) => open(face, '198.51.100.7'));
    aboveLimit.address = { limit: 25, letThrough: ok, above: Math.max(0, ok - 25) };
    expect(ok).toBe(25);
    expectTooManyRequests(answers.at(-1)!, 'address');
    expectTooManyRequests(answers.at(-2)!, 'address');
    expect((await open(instances[0], '198.51.100.8')).status).toBe(200);
    // Only the address the trusted proxy appended counts: what the client put before it changes nothing.
    expectTooManyRequests(await open(instances[1], '10.9.9.9, 198.51.100.7'), 'address');
  });

  it('a burst of bad join tokens from one address is slowed; other patients still join', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const [a, b] = twoInstances();
    const forged = tamperedToken(s.patientToken);
    const open = (face: Face, token: string, address: string) =>
      face.call('GET', `/sessions/join?token=${encodeURIComponent(token)}`, {
        headers: { 'x-forwarded-for': address },
      });
    const { answers } = await alternate([a, b], 16, (face) => open(face, forged, '192.0.2.66'));
    const refusedAsInvalid = answers.filter((x) => x.body.code === 'TOKEN_INVALID').length;
    aboveLimit.joinFailures = {
      limit: 10,
      letThrough: refusedAsInvalid,
      above: Math.max(0, refusedAsInvalid - 10),
    };
    expect(answers.slice(0, 10).map((x) => x.status)).toEqual(Array(10).fill(401));
    for (const slowed of answers.slice(10)) expectTooManyRequests(slowed, 'join-failures');

    // The same address through the tRPC face (join.validate) is slowed as well ...
    const trpc = createTrpcHandler({
      services: b.services,
      authenticate: () => Promise.resolve(null),
    });
    const input = encodeURIComponent(JSON.stringify({ json: { token: forged } }));
    const viaTrpc = await trpc(
      new Request(`http://localhost:3000/api/trpc/join.validate?input=${input}`, {
        headers: { 'x-forwarded-for': '192.0.2.66' },
      }),
    );
    expect(viaTrpc.status).toBe(429);
    expect(Number(viaTrpc.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await viaTrpc.json())).toContain('"code":"TOO_MANY_REQUESTS"');

    // ... while a patient elsewhere, and a good token even from that address, still get in.
    const elsewhere = await open(a, s.patientToken, '192.0.2.99');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.destination).toBe('waiting_room');
    expect(elsewhere.body.url).toContain(s.id);
    const sameAddress = await open(b, s.patientToken, '192.0.2.66');
    expect(sameAddress.status).toBe(200);
    expect(sameAddress.body.destination).toBe('waiting_room');
  });
});

describe('issue 19 / decision 0035: body and batch limits', () => {
  function trpcOf(services: ApiServices) {
    const bearer = createBearerAuthenticator(services.config.bearer);
    return createTrpcHandler({
      services,
      authenticate: (request) => bearer(request.headers.get('authorization')),
    });
  }

  it('a tRPC batch of more than TRPC_MAX_BATCH_SIZE calls is refused with 400 VALIDATION_FAILED', async () => {
    const t = await stack.tenant();
    const face = stack.face({ TRPC_MAX_BATCH_SIZE: '3' });
    const trpc = trpcOf(face.services);
    const batch = (n: number) => {
      const paths = Array(n).fill('sessions.list').join(',');
      const input = encodeURIComponent(
        JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { json: {} }]))),
      );
      return trpc(
        new Request(`http://localhost:3000/api/trpc/${paths}?batch=1&input=${input}`, {
          headers: { authorization: `Bearer ${t.token}` },
        }),
      );
    };
    const refused = await batch(4);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('"code":"VALIDATION_FAILED"');
    const allowed = await batch(3);
    expect(allowed.status).toBe(200);
  });

  it('a tRPC body over API_MAX_BODY_BYTES is refused with 413 PAYLOAD_TOO_LARGE, nothing created', async () => {
    const t = await stack.tenant();
    const face = stack.face({ API_MAX_BODY_BYTES: '2048' });
    const body = JSON.stringify({
      json: { patientId: t.patientId, scheduledStart: soon(), notes: 'x'.repeat(4096) },
    });
    const response = await trpcOf(face.services)(
      new Request('http://localhost:3000/api/trpc/sessions.create', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
        body,
      }),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });

  it('an endless chunked REST body is refused with 413 after reading no more than the limit', async () => {
    const t = await stack.tenant();
    const chunk = new TextEncoder().encode(`{"notes":"${'x'.repeat(16 * 1024)}`);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const { services } = stack.main;
    const bearer = createBearerAuthenticator(services.config.bearer);
    const rest = createRestHandler({
      services,
      authenticate: (request) => bearer(request.headers.get('authorization')),
    });
    const response = await rest(
      new Request('http://localhost:3000/api/v1/virtual-care/sessions', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect((await response.json()).code).toBe('PAYLOAD_TOO_LARGE');
    expect(cancelled).toBe(true);
    // The stream may be asked for a chunk or two ahead; never for much more than the limit.
    expect(pulled).toBeLessThanOrEqual(services.config.maxBodyBytes + 3 * chunk.byteLength);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });
});
