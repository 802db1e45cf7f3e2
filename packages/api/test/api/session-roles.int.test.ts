import { describe, expect, it } from 'vitest';
import {
  createRestHandler,
  createSessionRolesRecheck,
  SESSION_ROLES_RECHECK_MS,
  type SessionClaims,
} from '../../src';
import { sessionCount } from './support/fixtures';
import { soon, useStack } from './support/stack';

const stack = useStack();

/**
 * The REST face as the web app mounts it for a signed-in browser: the sign-in cookie's claims (fixed at sign-in,
 * as next-auth's 8-hour JWT is) go through the roles recheck on every request. The clock is the test's own, so
 * "a minute later" is exact.
 */
function signedInBrowser(cookie: SessionClaims) {
  let now = Date.parse('2026-12-07T09:00:00Z');
  const recheck = createSessionRolesRecheck({
    directory: stack.main.services.db.signIn,
    now: () => now,
  });
  const handler = createRestHandler({
    services: stack.main.services,
    authenticate: () => recheck(cookie),
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await handler(
      new Request(`http://localhost:3000/api/v1/virtual-care${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          origin: 'http://localhost:3000',
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    return { status: response.status, body: (await response.json()) as { code?: string } };
  };
  return {
    call,
    later: (ms: number) => {
      now += ms;
    },
  };
}

function cookieOf(t: { clinicianId: string; tenantId: string }): SessionClaims {
  return {
    user: { id: t.clinicianId, email: `dr-${t.clinicianId}@test.local`, name: 'Dr. Test' },
    tenantId: t.tenantId,
    tenantName: 'Clinic',
    roles: ['clinician'],
  };
}

describe('signed-in roles follow the membership table within a minute (decision 0037)', () => {
  it('a clinician removed from the tenant: the next request after the interval is 401 UNAUTHENTICATED, no session created', async () => {
    const t = await stack.tenant();
    const browser = signedInBrowser(cookieOf(t));
    const create = () =>
      browser.call('POST', '/sessions', { patientId: t.patientId, scheduledStart: soon() });
    expect((await create()).status).toBe(201);

    await stack.admin.pool.query(
      'DELETE FROM tenant_memberships WHERE user_id = $1 AND tenant_id = $2',
      [t.clinicianId, t.tenantId],
    );
    // The bound the decision promises, not less: a request within the interval still acts on the roles read.
    browser.later(SESSION_ROLES_RECHECK_MS - 1);
    expect((await create()).status).toBe(201);

    browser.later(1);
    const refused = await create();
    expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(2);
  });

  it('a clinician made tenant admin instead: clinical work is 403 FORBIDDEN, the admin pages open', async () => {
    const t = await stack.tenant();
    const browser = signedInBrowser(cookieOf(t));
    expect((await browser.call('GET', '/config')).status).toBe(403);

    await stack.admin.pool.query(
      `UPDATE tenant_memberships SET role = 'tenant_admin' WHERE user_id = $1 AND tenant_id = $2`,
      [t.clinicianId, t.tenantId],
    );
    browser.later(SESSION_ROLES_RECHECK_MS);
    const refused = await browser.call('POST', '/sessions', {
      patientId: t.patientId,
      scheduledStart: soon(),
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await sessionCount(stack.admin, t.tenantId)).toBe(0);
    expect((await browser.call('GET', '/config')).status).toBe(200);
  });
});
