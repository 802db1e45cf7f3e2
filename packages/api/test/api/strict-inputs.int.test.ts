/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- black-box REST tests read untyped JSON bodies */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../../src/edge/app.router';
import { createContext } from '../../src/edge/context';
import { createCallerFactory } from '../../src/edge/trpc';
import { useAdminStack } from '../admin/support/admin-stack';
import { outboxTypes, rows, sessionCount } from './support/fixtures';
import { createSession } from './support/flows';
import { soon } from './support/stack';

// The admin stack's own `rest` helper is not used here: it is not the product's REST handler.
const stack = useAdminStack();

const yearsAhead = (years: number) => {
  const at = new Date();
  at.setUTCFullYear(at.getUTCFullYear() + years);
  return at.toISOString();
};

async function storedConfig(tenantId: string) {
  const [row] = await rows<{ version: number; max_participants: number }>(
    stack.admin,
    'SELECT version, max_participants FROM tenant_virtual_care_config WHERE tenant_id = $1',
    [tenantId],
  );
  return row ?? null;
}

describe('issue 19: every input answered exactly', () => {
  it('a number sent as text is refused 400 VALIDATION_FAILED, after other REST calls and on tRPC too, and nothing is saved', async () => {
    const c = await stack.clinic();
    const call = stack.main.call;
    const current = await call('GET', '/config', { token: c.adminToken });
    // A good update first: the REST layer must not have loosened the schemas for the calls after it.
    const good = await call('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: current.body.version, maxParticipants: 6 },
    });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    const before = await storedConfig(c.tenantId);

    const res = await call('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: good.body.config.version, maxParticipants: '8' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ path: 'maxParticipants', message: 'must be a number' }]);

    const versionAsText = await call('PUT', '/config', {
      token: c.adminToken,
      body: { expectedVersion: String(good.body.config.version), maxParticipants: 8 },
    });
    expect([versionAsText.status, versionAsText.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const caller = createCallerFactory(appRouter)(
      createContext(
        {
          user: { id: c.clinicianId, email: 'admin@test.local', name: 'Admin' },
          tenantId: c.tenantId,
          tenantName: 'Clinic',
          roles: ['tenant_admin'],
        },
        { services: stack.main.services },
      ),
    );
    const viaTrpc = await caller.config
      .update({
        expectedVersion: good.body.config.version,
        maxParticipants: '8' as unknown as number,
      })
      .catch((error: unknown) => error);
    expect(viaTrpc).toBeInstanceOf(TRPCError);
    expect((viaTrpc as TRPCError).code).toBe('BAD_REQUEST');

    expect(await storedConfig(c.tenantId)).toEqual(before);
  });

  it('PUT /config without expectedVersion names the missing field, and nothing is saved', async () => {
    const c = await stack.clinic();
    const before = await storedConfig(c.tenantId);
    const res = await stack.main.call('PUT', '/config', {
      token: c.adminToken,
      body: { maxParticipants: 8 },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'The request is not valid: expectedVersion: is required',
      details: [{ path: 'expectedVersion', message: 'is required' }],
    });
    expect(res.body.message).not.toContain('NaN');
    expect(await storedConfig(c.tenantId)).toEqual(before);
  });

  it('a visit in the year 9999, before 2000 or more than two years ahead is refused, and no session is stored', async () => {
    const own = await stack.tenant();
    for (const [field, body] of [
      ['scheduledStart', { scheduledStart: '9999-12-31T10:00:00Z' }],
      ['scheduledStart', { scheduledStart: '1999-12-31T10:00:00Z' }],
      ['scheduledStart', { scheduledStart: yearsAhead(3) }],
      ['scheduledEnd', { scheduledStart: soon(), scheduledEnd: '9999-12-31T10:30:00Z' }],
    ] as const) {
      const res = await stack.main.call('POST', '/sessions', {
        token: own.token,
        body: { patientId: own.patientId, ...body },
      });
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.body.details[0].path).toBe(field);
    }
    expect(await sessionCount(stack.admin, own.tenantId)).toBe(0);

    const listed = await stack.main.call(
      'GET',
      `/sessions?from=${encodeURIComponent('9999-01-01T00:00:00Z')}`,
      { token: own.token },
    );
    expect([listed.status, listed.body.code, listed.body.details[0].path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'from',
    ]);

    const ok = await stack.main.call('POST', '/sessions', {
      token: own.token,
      body: { patientId: own.patientId, scheduledStart: yearsAhead(1) },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('a number in a query string is still read (the one place text becomes a number); text that is not one is 400', async () => {
    const t = await stack.tenant();
    await createSession(stack.main, t.token, t.patientId);
    await createSession(stack.main, t.token, t.patientId, { scheduledStart: soon(30) });
    const page = await stack.main.call('GET', '/sessions?limit=1', { token: t.token });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.items).toHaveLength(1);
    const bad = await stack.main.call('GET', '/sessions?limit=lots', { token: t.token });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.body.details[0]).toEqual({ path: 'limit', message: 'must be a whole number' });
  });

  it('a version sent as text on a session command is refused, and the session is unchanged', async () => {
    const t = await stack.tenant();
    const s = await createSession(stack.main, t.token, t.patientId);
    const res = await stack.main.call('POST', `/sessions/${s.id}/cancel`, {
      token: t.token,
      body: { reason: 'patient asked', expectedVersion: '1' },
    });
    expect([res.status, res.body.code, res.body.details[0].path]).toEqual([
      400,
      'VALIDATION_FAILED',
      'expectedVersion',
    ]);
    const detail = await stack.main.call('GET', `/sessions/${s.id}`, { token: t.token });
    expect([detail.body.status, detail.body.version]).toEqual(['scheduled', 1]);
  });

  it('an unknown patient is 404 NOT_FOUND, not 403 CONSENT_REQUIRED: no session, no consent-gate audit', async () => {
    const t = await stack.tenant();
    const other = await stack.tenant(); // a patient of another tenant is as unknown as a made-up id
    for (const patientId of [randomUUID(), other.patientId]) {
      const res = await stack.main.call('POST', '/sessions', {
        token: t.token,
        body: { patientId, scheduledStart: soon() },
      });
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    expect(await outboxTypes(stack.admin, t.tenantId)).not.toContain('CONSENT_GATE_BLOCKED');
  });
});
