/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- black-box REST tests read untyped JSON bodies */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src';
import { rows, sessionCount } from './support/fixtures';
import { createSession } from './support/flows';
import { soon, useStack } from './support/stack';

const stack = useStack();
const ERROR_KEYS = ['code', 'details', 'message'];

describe('tenancy and authentication', () => {
  it("another tenant's session -> 404 NOT_FOUND (detail, end, participants)", async () => {
    const a = await stack.tenant();
    const b = await stack.tenant();
    const s = await createSession(stack.main, a.token, a.patientId);
    for (const [method, path] of [
      ['GET', `/sessions/${s.id}`],
      ['POST', `/sessions/${s.id}/end`],
      ['GET', `/sessions/${s.id}/participants`],
    ] as const) {
      const res = await stack.main.call(method, path, { token: b.token });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
  });

  it('no credentials -> 401 UNAUTHENTICATED; wrong role -> 403 FORBIDDEN; forged bearer -> 401', async () => {
    const t = await stack.tenant();
    const none = await stack.main.call('GET', '/sessions');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const patientToken = await stack.tokenFor(randomUUID(), t.tenantId, ['patient']);
    const wrongRole = await stack.main.call('POST', '/sessions', {
      token: patientToken,
      body: { patientId: t.patientId, scheduledStart: soon() },
    });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('FORBIDDEN');
    const [h, p] = t.token.split('.');
    const forged = await stack.main.call('GET', '/sessions', {
      token: `${h}.${p}.${randomBytes(64).toString('base64url')}`,
    });
    expect(forged.status).toBe(401);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
  });

  it('unknown routes -> 404 { code: NOT_FOUND }', async () => {
    const res = await stack.main.call('GET', '/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: null });
  });
});

describe('bad input -> 400 VALIDATION_FAILED', () => {
  it('malformed, oversized and wrong-typed input on every procedure', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const cases: Array<[string, string, unknown?]> = [
      ['POST', '/sessions', { patientId: 'not-a-uuid', scheduledStart: soon() }],
      ['POST', '/sessions', { patientId: t.patientId, scheduledStart: 'tomorrow' }],
      [
        'POST',
        '/sessions',
        { patientId: t.patientId, scheduledStart: soon(), recordingEnabled: 'yes' },
      ],
      ['POST', '/sessions', { patientId: t.patientId, scheduledStart: soon(), extra: 1 }],
      ['POST', '/sessions', { patientId: t.patientId, scheduledStart: 42 }],
      ['POST', '/sessions', [1, 2, 3]],
      ['GET', '/sessions?limit=1000'],
      ['GET', '/sessions?limit=abc'],
      ['GET', '/sessions?status=bogus'],
      ['GET', `/sessions?cursor=${'x'.repeat(600)}`],
      ['GET', '/sessions/not-a-session-id'],
      ['POST', `/sessions/${s.id}/end`, { expectedVersion: 'one' }],
      ['POST', `/sessions/${s.id}/cancel`, { reason: 'x'.repeat(501) }],
      ['POST', `/sessions/${s.id}/cancel`, {}],
      ['GET', '/sessions/vsn_01ARZ3NDEKTSV4RRFFQ69G5FAV/participants?x=1'],
      ['POST', `/sessions/${s.id}/admit/not-a-participant`, {}],
      ['POST', `/sessions/${s.id}/remove/${s.patientParticipantId}`, { reason: '' }],
      ['POST', `/sessions/${s.id}/participants/bad/join-token`, {}],
      ['GET', '/sessions/join?token=short'],
      ['GET', `/sessions/join?token=${'a'.repeat(3000)}.b`],
      ['POST', '/sessions/join', { token: 12 }],
      ['GET', `/patients?search=${'p'.repeat(101)}`],
    ];
    for (const [method, path, body] of cases) {
      const res = await stack.main.call(method, path, {
        token: t.token,
        ...(body !== undefined ? { body } : {}),
      });
      expect(
        res.status,
        `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)} -> ${JSON.stringify(res.body)}`,
      ).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body).sort()).toEqual(ERROR_KEYS);
    }
    const badJson = await stack.main.call('POST', '/sessions', {
      token: t.token,
      rawBody: '{"patientId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    const huge = await stack.main.call('POST', '/sessions', {
      token: t.token,
      rawBody: JSON.stringify({ x: 'y'.repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(1);
  });
});

describe('Idempotency-Key on POST /sessions', () => {
  it('50 identical concurrent creates -> one session, one created event, identical replies', async () => {
    const t = await stack.tenant();
    const key = `key-${randomUUID()}`;
    const body = { patientId: t.patientId, scheduledStart: soon() };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        stack.main.call('POST', '/sessions', {
          token: t.token,
          body,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(1);
    const created = await rows(
      stack.admin,
      `SELECT 1 FROM virtual_care_outbox WHERE tenant_id = $1 AND event_type = 'virtual_care.session.created.v1'`,
      [t.tenantId],
    );
    expect(created).toHaveLength(1);
  });

  it('the same key with a different body -> 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const t = await stack.tenant();
    const key = `key-${randomUUID()}`;
    const first = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon() },
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(201);
    const second = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body: { patientId: t.patientId, scheduledStart: soon(5) },
      headers: { 'idempotency-key': key },
    });
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(1);
  });

  it('a key too long or with a space -> 400 VALIDATION_FAILED naming the header, and no session, however often it is sent', async () => {
    const t = await stack.tenant();
    const body = { patientId: t.patientId, scheduledStart: soon() };
    for (const key of ['k'.repeat(256), 'my key 1']) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await stack.main.call('POST', '/sessions', {
          token: t.token,
          body,
          headers: { 'idempotency-key': key },
        });
        expect(res.status, key.slice(0, 20)).toBe(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { header: 'Idempotency-Key' },
        });
      }
    }
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    const longest = await stack.main.call('POST', '/sessions', {
      token: t.token,
      body,
      headers: { 'idempotency-key': 'k'.repeat(255) },
    });
    expect(longest.status).toBe(201);
  });
});

describe('fuzz', () => {
  it('random bodies, paths and tokens never answer 500 and never write a row', async () => {
    const t = await stack.tenant();
    const other = await stack.tenant();
    const s = await createSession(stack.main, other.token, other.patientId);
    const before = await rows<{ n: number }>(
      stack.admin,
      'SELECT count(*)::int AS n FROM virtual_care_outbox WHERE tenant_id = $1',
      [t.tenantId],
    );
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const values = [
      null,
      true,
      0,
      -1,
      1e308,
      '',
      'x',
      '<script>',
      '../../etc',
      t.patientId,
      s.id,
      s.patientParticipantId,
      [],
      {},
      { a: [1] },
      'ł'.repeat(300),
    ];
    const randomBody = (): unknown =>
      rand() < 0.2
        ? pick(values)
        : Object.fromEntries(
            Array.from({ length: 1 + Math.floor(rand() * 5) }, () => [
              pick([
                'patientId',
                'scheduledStart',
                'reason',
                'token',
                'expectedVersion',
                'limit',
                'x',
              ]),
              pick(values),
            ]),
          );
    const randomToken = () =>
      `${randomBytes(Math.floor(rand() * 80)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    const paths: Array<() => [string, string]> = [
      () => ['POST', '/sessions'],
      () => ['GET', `/sessions?limit=${pick(values) as string}`],
      () => ['POST', `/sessions/${pick([s.id, 'vsn_x', '%00', randomToken()])}/end`],
      () => ['POST', `/sessions/${s.id}/cancel`],
      () => ['POST', `/sessions/${s.id}/admit/${pick([s.patientParticipantId, 'x'])}`],
      () => ['GET', `/sessions/join?token=${encodeURIComponent(randomToken())}`],
      () => ['POST', '/sessions/join'],
      () => ['POST', '/sessions/join/heartbeat'],
      () => [
        'GET',
        `/sessions/join/status?token=${encodeURIComponent(pick([randomToken(), s.patientToken.slice(0, -2) + 'xx']))}`,
      ],
    ];
    for (let i = 0; i < 200; i += 1) {
      const [method, path] = pick(paths)();
      const res = await stack.main.call(method, path, {
        token: rand() < 0.7 ? t.token : null,
        ...(method === 'POST'
          ? { body: rand() < 0.5 ? randomBody() : { token: randomToken() } }
          : {}),
      });
      expect(res.status, `${method} ${path} -> ${JSON.stringify(res.body)}`).toBeLessThan(500);
      expect(Object.keys(res.body as object).sort()).toEqual(
        res.status >= 400 ? ERROR_KEYS : expect.any(Array),
      );
    }
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    const after = await rows<{ n: number }>(
      stack.admin,
      'SELECT count(*)::int AS n FROM virtual_care_outbox WHERE tenant_id = $1',
      [t.tenantId],
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});

describe('OpenAPI', () => {
  it('serves openapi.json with the spec paths and a reference page', async () => {
    const doc = await stack.main.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/sessions',
      '/sessions/{id}',
      '/sessions/join',
      '/sessions/{sessionId}/admit/{participantId}',
      '/sessions/{id}/end',
      '/sessions/{id}/cancel',
      '/sessions/{sessionId}/remove/{participantId}',
      '/sessions/{sessionId}/participants/{participantId}/join-token',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.paths['/sessions'].post.responses['201']).toBeDefined();
    // Keep the checked-in copy current (docs/api/openapi.json).
    const docsDir = path.resolve(import.meta.dirname, '../../../../docs/api');
    mkdirSync(docsDir, { recursive: true });
    writeFileSync(
      path.join(docsDir, 'openapi.json'),
      `${JSON.stringify(openApiDocument('http://localhost:3000/api/v1/virtual-care'), null, 2)}\n`,
    );
    const page = await stack.main.call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('Virtual Care API reference');
  });
});
